import BorderGeometry

/// Fences: migrants whose move would cross a fence outside its gaps stop a few centimetres in
/// front of it. When a group's centre (its anchor) reaches a fence, the group either waits the
/// fence's climbing time and then gets over it, or, if it cannot be climbed, walks along it on
/// its own side to the nearest gap (nearest by distance along the fence from where it met it;
/// the fence's ends count, as a way round) and through, then takes up its way again.
///
/// A group's members are held one by one until the group is past; then the whole group is
/// (members follow their group through the gap or over the fence, without paths of their own).
///
/// Each anchor and member keeps its clearance — the distance to the nearest fence at its last
/// exact test less what it moved since — so a move shorter than that costs no GEOS call.
extension Simulation {
    /// How far in front of a fence a stopped person stands, metres.
    static let fenceMargin = 0.05

    /// Phase 2b: held anchors stay put (off duty, climbing), and anchors that would cross a
    /// fence stop in front of it and start climbing or walking round.
    func holdAnchors() throws(GeometryError) {
        for u in borderWide.shiftUnits where borderWide.offDuty[u] { hold(u) }
        guard !borderWide.fences.isEmpty else { return }
        let dt = scenario.clock.step
        for u in activeUnits where specs[u].kind == .migrants && isPresent[u] && !borderWide.escorted[u] {
            if let climb = borderWide.climbing[u] {
                if climb.until >= time(1) {
                    hold(u)
                    continue
                }
                // Over the fence part-way through the step: only the rest of the step is walked.
                let a = units[u].previousAnchor, z = units[u].anchor
                let f = min(1, max(0, (time(1) - climb.until) / dt))
                units[u].anchor = Coordinate(x: a.x + (z.x - a.x) * f, y: a.y + (z.y - a.y) * f)
                borderWide.climbing[u] = nil
                borderWide.cleared[u].insert(climb.fence)
                fenceEvent(.fenceClimbed, u, climb.fence, at: climb.until, position: a)
                continue
            }
            guard borderWide.detour[u] == nil else { continue }
            let a = units[u].previousAnchor, z = units[u].anchor
            let moved = squaredDistance(a, z).squareRoot()
            guard moved > 0 else { continue }
            if moved < borderWide.anchorClearance[u] {
                borderWide.anchorClearance[u] -= moved
                continue
            }
            guard let (f, t) = try firstFence(of: u, from: a, to: z) else {
                borderWide.anchorClearance[u] = try fenceClearance(of: u, at: z)
                continue
            }
            // Stop short of the fence; the time is when the group gets there.
            let stop = max(0, t - Self.fenceMargin / moved)
            let at = Coordinate(x: a.x + (z.x - a.x) * stop, y: a.y + (z.y - a.y) * stop)
            units[u].anchor = at
            borderWide.anchorClearance[u] = 0
            let reached = time(0) + stop * moved / units[u].anchorSpeed
            fenceEvent(.fenceReached, u, f, at: reached, position: at)
            let fence = borderWide.fences[f]
            if let climb = fence.spec.climb {
                borderWide.climbing[u] = .init(fence: f, until: reached + climb)
            } else {
                borderWide.detour[u] = try detour(round: f, from: at, toward: z, resume: units[u].action)
                units[u].action = .goTo(borderWide.detour[u]!.waypoints[0])
                units[u].arrived = false
            }
        }
    }

    /// Phase 3c: members whose move crossed a fence their group is not past stop in front of it.
    func holdFences() throws(GeometryError) {
        guard !borderWide.fences.isEmpty else { return }
        for m in activeMembers {
            let u = members.unit[m]
            guard specs[u].kind == .migrants, isPresent[u], !borderWide.escorted[u] else { continue }
            let a = members.previous[m]
            var z = members.position[m]
            let moved = squaredDistance(a, z).squareRoot()
            guard moved > 0 else { continue }
            if moved < borderWide.memberClearance[m] {
                borderWide.memberClearance[m] -= moved
                continue
            }
            if let (_, t) = try firstFence(of: u, from: a, to: z) {
                let stop = max(0, t - Self.fenceMargin / moved)
                z = Coordinate(x: a.x + (z.x - a.x) * stop, y: a.y + (z.y - a.y) * stop)
                members.position[m] = z
            }
            borderWide.memberClearance[m] = try fenceClearance(of: u, at: z)
        }
    }

    /// The first fence unit `u` is not past that the move from `a` to `b` meets, and the
    /// fraction of the move where it does.
    private func firstFence(of u: Int, from a: Coordinate, to b: Coordinate) throws(GeometryError) -> (Int, Double)? {
        var best: (Int, Double)?
        for (f, fence) in borderWide.fences.enumerated() where !borderWide.cleared[u].contains(f) {
            if let t = try fence.firstTouch(from: a, to: b), t < (best?.1 ?? .infinity) { best = (f, t) }
        }
        return best
    }

    /// Metres from `c` to the nearest fence unit `u` is not past (infinity: none left).
    private func fenceClearance(of u: Int, at c: Coordinate) throws(GeometryError) -> Double {
        var d = Double.infinity
        for (f, fence) in borderWide.fences.enumerated() where !borderWide.cleared[u].contains(f) {
            d = min(d, try fence.clearance(from: c))
        }
        return d
    }

    /// The way round fence `f` for a group that met it at `at` heading for `toward`: along the
    /// fence on the group's side, `clear` metres off it, to the nearest pass, through it, and
    /// `clear` metres beyond on the far side.
    private func detour(round f: Int, from at: Coordinate, toward: Coordinate, resume: Order.Action)
        throws(GeometryError) -> BorderWideState.Detour
    {
        let fence = borderWide.fences[f]
        let s0 = try fence.along(at)
        let pass = fence.passes.min { (abs($0 - s0), -$0) < (abs($1 - s0), -$1) }!
        let n0 = try fence.leftNormal(along: s0)
        // +1: the group is on the fence's left.
        let side: Double = (at.x - toward.x) * n0.x + (at.y - toward.y) * n0.y >= 0 ? 1 : -1
        let clear = 5.0
        var waypoints = [Coordinate]()
        let spacing = 25.0
        let count = Int((abs(pass - s0) / spacing).rounded(.up))
        for k in 1...max(1, count) {
            let s = s0 + (pass - s0) * Double(k) / Double(max(1, count))
            let p = try fence.point(along: s), n = try fence.leftNormal(along: s)
            waypoints.append(Coordinate(x: p.x + side * clear * n.x, y: p.y + side * clear * n.y))
        }
        let p = try fence.point(along: pass), n = try fence.leftNormal(along: pass)
        if pass <= 0 || pass >= fence.length {
            // Round an end: out past it along the fence's direction there, then to the far side.
            let inward = try fence.point(along: pass <= 0 ? 1 : fence.length - 1)
            let d = max(1e-9, squaredDistance(p, inward).squareRoot())
            waypoints.append(Coordinate(x: p.x + (p.x - inward.x) / d * clear, y: p.y + (p.y - inward.y) / d * clear))
        } else {
            waypoints.append(p)
        }
        let passAt = waypoints.count - 1
        waypoints.append(Coordinate(x: p.x - side * clear * n.x, y: p.y - side * clear * n.y))
        return .init(fence: f, waypoints: waypoints, next: 0, passAt: passAt, resume: resume)
    }

    /// Before the orders phase: a group on a detour that got to its waypoint heads for the
    /// next, or, past the last, takes up its way again. (Before the orders, so that reaching a
    /// waypoint is not taken for arriving where the group was going.)
    func advanceDetours() {
        guard !borderWide.fences.isEmpty else { return }
        for u in units.indices where units[u].arrived {
            guard var d = borderWide.detour[u] else { continue }
            if d.next == d.passAt {
                borderWide.cleared[u].insert(d.fence)
                fenceEvent(.fencePassed, u, d.fence, at: scenario.clock.seconds(atTick: tick), position: units[u].anchor)
            }
            d.next += 1
            units[u].arrived = false
            if d.next < d.waypoints.count {
                units[u].action = .goTo(d.waypoints[d.next])
                borderWide.detour[u] = d
            } else {
                units[u].action = d.resume
                borderWide.detour[u] = nil
            }
        }
    }

    /// Keeps unit `u` where it was at the start of the step.
    private func hold(_ u: Int) {
        units[u].anchor = units[u].previousAnchor
        records[u].heading = records[u].previousHeading
    }

    private func fenceEvent(_ kind: Event.Kind, _ u: Int, _ f: Int, at time: Double, position: Coordinate) {
        events.append(Event(time: time, kind: kind, unit: specs[u].id, affiliation: specs[u].affiliation,
                            position: position, boundary: borderWide.fences[f].spec.name))
    }
}
