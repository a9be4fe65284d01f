import CreditStore
import Foundation
import Hummingbird

/// A draw refused by the store answers with the status that fits and the API's error shape:
/// 400 for malformed input (id, empty values, a date in the future), 404 for an unknown or
/// unprepared draw, 409 for a conflict with the recorded draws.
extension DrawError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .invalidID, .emptyRandomness, .emptyRandomnessSource, .emptyVoidReason: .badRequest
        case .notFound, .notPrepared: .notFound
        // A well-formed date that today's date (or the latest draw's) does not allow yet.
        case .asOfInFuture, .asOfBeforeLatest, .noClassification, .idTaken, .monthTaken, .pendingDraw, .alreadyRun, .randomnessReused, .voided,
             .alreadyVoid, .inputsChanged: .conflict
        }
    }

    /// The machine-readable `error.code`.
    var code: String {
        switch self {
        case .invalidID: "invalid_id"
        case .emptyRandomness, .emptyRandomnessSource, .emptyVoidReason: "bad_request"
        case .asOfInFuture: "as_of_in_future"
        case .asOfBeforeLatest: "as_of_before_latest"
        case .noClassification: "no_classification"
        case .notFound: "not_found"
        case .notPrepared: "not_prepared"
        case .idTaken: "id_taken"
        case .monthTaken: "month_taken"
        case .pendingDraw: "pending_draw"
        case .alreadyRun: "already_run"
        case .randomnessReused: "randomness_reused"
        case .voided: "voided"
        case .alreadyVoid: "already_void"
        case .inputsChanged: "inputs_changed"
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIError(status, code, description).response(from: request, context: context)
    }
}
