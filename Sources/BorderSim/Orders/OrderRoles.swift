import BorderGeometry

extension Order.Action {
    /// Where the action first sends the unit, to face it that way at the start.
    var destination: Coordinate? {
        switch self {
        case .goTo(let p): p
        case .followRoute(let route, _): route.first
        case .hold, .leave, .intercept, .apprehend, .pushBack: nil
        case .order(let order): order.base.destination
        }
    }

    /// Orders that go after detected groups, and fall back on a standing order meanwhile.
    var isResponse: Bool {
        switch self {
        case .intercept, .pushBack, .apprehend: true
        case .hold, .goTo, .followRoute, .leave: false
        case .order(let order): order.base.isResponse
        }
    }

    /// Whether a barrier line under this action holds no one back.
    var disengages: Bool {
        switch self {
        case .hold, .goTo, .followRoute, .leave, .intercept, .apprehend, .pushBack: false
        case .order(let order): order.base.disengages
        }
    }
}
