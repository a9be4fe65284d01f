import CreditRepair
import CreditStore
import HTTPTypes

/// How the store's and the core's typed errors answer over HTTP: one mapping, by case, never
/// by message text. A refusal the caller can act on is 409 (the state of the record does not
/// allow it now), a malformed request 400, something absent 404.
extension APIError {
    init(_ error: RepairError) {
        switch error {
        case .notFound, .applicationNotFound, .listingNotFound, .commitmentNotFound: self = .notFound(error.description)
        case .reasonRequired, .missingMaterials, .ambiguousListing: self = APIError(.badRequest, "repair_refused", error.description)
        case .notPublished, .publicationEnded, .notRepairable, .tooEarly, .conditionNotMet, .alreadyDecided, .listingEnded,
             .notFalseCommitment, .alreadyRepaired:
            self = APIError(.conflict, "repair_refused", error.description)
        }
    }
}
