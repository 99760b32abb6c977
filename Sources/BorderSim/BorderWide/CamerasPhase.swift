import BorderGeometry
import Foundation

/// Cameras: each step, every unit the camera is set to detect (`CameraSpec.detects`: by
/// default migrant groups and foreign officers) whose centre is inside its coverage is
/// detected with the camera's probability (`CameraSpec.DetectionModel`), drawn like a patrol's
/// glimpse from a hash of (seed, camera id, group id, tick). A detection of a group alerts the camera's
/// state: its nearest free responding unit (in travel time) — on duty, with a response order
/// (intercept, apprehend, push back) among its orders, and not already after a group — takes
/// the group as its target, as if it had seen it itself, provided its straight way there
/// stays on its side of the border.
///
/// Whether a group is inside is tested exactly only once it has moved farther than its
/// distance to the coverage's edge at the last test.
final class CamerasPhase: Phase {
    let stage = Stage.cameras
    private let cameras: CameraState
    /// For each unit, the cameras set to detect it: worked out once, as specs do not change.
    private let watchedBy: [[Int]]

    init(_ cameras: CameraState, specs: [UnitSpec]) {
        self.cameras = cameras
        watchedBy = specs.map { spec in
            cameras.cameras.indices.filter {
                cameras.cameras[$0].spec.detects(spec.kind, affiliation: spec.affiliation)
            }
        }
    }

    func run(_ state: RunState) throws(GeometryError) {
        let units = state.units
        for g in state.presence.activeUnits where state.presence.isPresent[g] && !watchedBy[g].isEmpty {
            let moved = squaredDistance(units[g].anchor, units[g].previousAnchor).squareRoot()
            for c in watchedBy[g] { try watch(state, group: g, camera: c, moved: moved) }
        }
    }

    private func watch(_ state: RunState, group g: Int, camera c: Int, moved: Double) throws(GeometryError) {
        if moved < cameras.cameras[c].clearance[g] {
            cameras.cameras[c].clearance[g] -= moved
        } else {
            let point = try state.geometry.context.point(state.units[g].anchor)
            cameras.cameras[c].inside[g] = try cameras.cameras[c].coverage.contains(point)
            cameras.cameras[c].clearance[g] = try cameras.cameras[c].edge.distance(to: point)
        }
        // Seen and someone sent: nothing more to do. Seen but nobody could go (all busy, or
        // every way there crosses the border): it is alerted again the next time it is seen.
        guard cameras.cameras[c].inside[g], !cameras.cameras[c].alerted.contains(g) else { return }
        let camera = cameras.cameras[c]
        let p =
            switch camera.spec.model {
            case .perStep(let p): p
            case .randomSearch(let w): 1 - exp(-w * moved / camera.area)
            }
        guard p > 0 else { return }
        var draw = RandomStream(
            seed: state.seed ^ camera.idHash &* 0x9E37_79B9_7F4A_7C15
                ^ state.roster.idHash[g] &* 0xC2B2_AE3D_27D4_EB4F,
            entity: "camera", purpose: UInt64(state.tick))
        guard draw.unit() < p else { return }
        let at = state.centroid(of: g)
        let now = state.time(1)
        if state.specs[g].kind == .officers {
            seeOfficers(state, unit: g, camera: c, at: at, now: now)
            return
        }
        if cameras.cameras[c].seen.insert(g).inserted {
            state.findings.events.append(
                Event(
                    time: now, kind: .detection, unit: camera.spec.id,
                    affiliation: camera.spec.state, position: at,
                    counterpart: state.specs[g].id))
        }
        if try alert(state, camera.spec.state, about: g, at: at, now: now) { cameras.cameras[c].alerted.insert(g) }
    }

    /// Records a detection of officer unit `u`, with the state whose soil it is on (`intoState`)
    /// and the first zone a member is inside (`boundary`): once per soil and zone, so an officer
    /// seen at home and later across the line, or in the ditch, is seen in each.
    /// Officers are not gone after: no unit is alerted.
    private func seeOfficers(_ state: RunState, unit u: Int, camera c: Int, at: Coordinate, now: Double) {
        let spec = state.specs[u]
        let camera = cameras.cameras[c].spec
        let soil = Self.soil(state, of: u)
        let zone = Self.zone(state, of: u)
        guard cameras.cameras[c].seenOn.insert("\(u) \(soil) \(zone ?? "")").inserted else { return }
        state.findings.events.append(
            Event(
                time: now, kind: .detection, unit: camera.id, affiliation: camera.state,
                position: at, boundary: zone, intoState: soil, counterpart: spec.id))
    }

    /// The first zone (in the scenario's order) that a member of unit `u` is inside, if any.
    static func zone(_ state: RunState, of u: Int) -> String? {
        let watches = state.findings.watches
        let boundaries = state.geometry.boundaries
        let nb = boundaries.count
        for (bi, b) in boundaries.enumerated() where b.isZone {
            for m in state.units[u].members
            where m * nb + bi < watches.count && watches[m * nb + bi].region != Boundary.outside {
                return b.name
            }
        }
        return nil
    }

    /// The state whose soil officer unit `u` is on: the first member's on foreign soil if one
    /// is, else the first member's (by the mapped border's watch), else its own.
    static func soil(_ state: RunState, of u: Int) -> String {
        let watches = state.findings.watches
        let nb = state.geometry.boundaries.count
        let own = state.specs[u].affiliation
        var first: String?
        for m in state.units[u].members where m * nb < watches.count {
            let region = watches[m * nb].region
            guard region != Boundary.outside else { continue }
            let name = state.mapped.regionNames[region]
            if name != own { return name }
            first = first ?? name
        }
        return first ?? own
    }

    /// Sends the state's nearest free responding unit after group `g` — nearest in time, the
    /// distance over the unit's speed, so a vehicle 10 km away goes before a foot patrol 2 km
    /// away — unless a unit of the state already knows of it. Units go straight for a group,
    /// so one whose way there would cross the mapped border is not sent (it would stray into
    /// the other state). Ties go to the unit declared first.
    /// - Returns: whether the group is now being gone after (a unit was sent, or already knew of it).
    private func alert(
        _ state: RunState, _ side: String, about g: Int, at position: Coordinate,
        now: Double
    ) throws(GeometryError) -> Bool {
        let units = state.units
        let records = state.records
        let specs = state.specs
        var candidates = [(Int, Double)]()
        for u in state.roster.officers where specs[u].affiliation == side {
            if records[u].detectedSet.contains(g) { return true }
            guard state.presence.isPresent[u], specs[u].orders.contains(where: { $0.action.isResponse }) else {
                continue
            }
            let engaged = units[u].detected.contains {
                state.presence.isPresent[$0] && !records[u].handled.contains($0)
            }
            guard !engaged else { continue }
            candidates.append((u, squaredDistance(units[u].anchor, position).squareRoot() / units[u].anchorSpeed))
        }
        candidates.sort { ($0.1, $0.0) < ($1.1, $1.0) }
        for (u, _) in candidates where try state.mapped.firstTouch(from: units[u].anchor, to: position) == nil {
            units[u].detected.append(g)
            state.presence.ordersDue.append(u)
            records[u].detectedSet.insert(g)
            state.record(.alert, of: u, at: position, time: now, counterpart: specs[g].id)
            return true
        }
        return false
    }
}
