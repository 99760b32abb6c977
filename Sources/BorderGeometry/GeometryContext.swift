import CGEOS

/// One GEOS context (`GEOS_init_r`): the unit of thread confinement.
///
/// GEOS's reentrant API is safe across threads only when no two threads use the
/// same context at once, so a simulation makes one context per worker and builds
/// that worker's geometries in it. Error and notice messages from GEOS arrive
/// through the reentrant handlers and are kept here, so a failing call can throw
/// them instead of GEOS printing to stderr.
public final class GeometryContext {
    let handle: GEOSContextHandle_t
    private let messages: MessageBuffer
    /// Geometries created in this context and not yet freed; a leak test watches it.
    public internal(set) var liveObjects = 0

    public init() {
        guard let handle = GEOS_init_r() else {
            fatalError("GEOS_init_r returned NULL: out of memory")
        }
        self.handle = handle
        messages = MessageBuffer()
        let userData = Unmanaged.passUnretained(messages).toOpaque()
        GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userData in
                guard let message, let userData else { return }
                Unmanaged<MessageBuffer>.fromOpaque(userData).takeUnretainedValue().error = String(cString: message)
            }, userData)
        GEOSContext_setNoticeMessageHandler_r(
            handle,
            { message, userData in
                guard let message, let userData else { return }
                Unmanaged<MessageBuffer>.fromOpaque(userData).takeUnretainedValue().notice = String(cString: message)
            }, userData)
    }

    deinit { GEOS_finish_r(handle) }

    /// The GEOS version string of the linked library, e.g. "3.11.1-CAPI-1.17.1".
    public static var geosVersion: String { String(cString: GEOSversion()) }

    /// Builds the error for a failed call from the last message GEOS sent, and clears it.
    func failure(_ operation: String) -> GeometryError {
        let message = messages.error ?? messages.notice ?? "no message from GEOS"
        messages.error = nil
        messages.notice = nil
        return .geos(operation: operation, message: message)
    }

    /// Takes ownership of a freshly created GEOS geometry, or throws GEOS's message if it is NULL.
    func own(_ pointer: OpaquePointer?, _ operation: String) throws(GeometryError) -> Geometry {
        guard let pointer else { throw failure(operation) }
        return Geometry(owning: pointer, in: self)
    }
}

/// Receives GEOS's messages; referenced unretained by the C handler, kept alive by the context.
private final class MessageBuffer {
    var error: String?
    var notice: String?
}
