public import HTTPTypes

/// The stable names of the messages the API sends (`ServerError.code`): the console translates these, not the
/// English text, so a message can be reworded without a screen showing it raw. Errors without a name of their own
/// are named after their status.
public enum ErrorCode {
    public static let cameraNotFound = "camera_not_found"
    public static let routeNotFound = "route_not_found"
    public static let internalError = "internal_error"
    public static let tokenRequired = "token_required"
    public static let tokenUnknown = "token_unknown"
    public static let roleForbidden = "role_forbidden"
    public static let orderNotYours = "order_not_yours"
    public static let orderNotFound = "order_not_found"
    public static let orderState = "order_state"
    public static let dispatchOff = "dispatch_off"
    public static let databaseBusy = "database_busy"
    public static let pairingInvalid = "pairing_invalid"
    public static let pairingLimited = "pairing_limited"
    public static let pairingRole = "pairing_role"
    /// A value that cannot be used; the body's `field` and `line` say which.
    public static let invalidInput = "invalid_input"

    /// The name of an error that has none of its own: its status (`bad_request`, `not_found`, …).
    public static func forStatus(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: tokenRequired
        case 403: "forbidden"
        case 404: "not_found"
        case 409: "conflict"
        case 413: "too_large"
        case 422: "unprocessable"
        case 429: "too_many_requests"
        case 503: "unavailable"
        default: status.code >= 500 ? internalError : "error"
        }
    }
}
