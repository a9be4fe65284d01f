import CreditCore
@testable import CreditRules
import Testing

/// The hot paths number enum cases by hand (`CaseOrdinal`), while the rule loader turns a
/// rule's value names into bits by `allCases` order (`RecordField.vocabulary`). If the two
/// disagreed — a case reordered or added in one place only — enterprises would be classified
/// by the wrong bits without any error. These tests tie them together.
@Suite struct CaseOrdinalTests {
    func ordinalsFollowDeclarationOrder<T: CaseOrdinal & RawRepresentable>(_ type: T.Type) -> [String] where T.RawValue == String {
        var problems: [String] = []
        for (index, value) in T.allCases.enumerated() where value.ordinal != index {
            problems.append("\(T.self).\(value.rawValue): ordinal \(value.ordinal), position \(index)")
        }
        return problems
    }

    @Test func everyOrdinalIsTheCasesPositionInAllCases() {
        typealias R = EnforcementRecord
        let problems = ordinalsFollowDeclarationOrder(PenaltyType.self) + ordinalsFollowDeclarationOrder(PenaltyType.Group.self)
            + ordinalsFollowDeclarationOrder(R.PenaltyProcedure.self) + ordinalsFollowDeclarationOrder(R.PenaltyDomain.self)
            + ordinalsFollowDeclarationOrder(R.DishonestySeverity.self) + ordinalsFollowDeclarationOrder(R.CoercionMeasure.self)
            + ordinalsFollowDeclarationOrder(R.CoercionStatus.self) + ordinalsFollowDeclarationOrder(R.InspectionKind.self)
            + ordinalsFollowDeclarationOrder(R.RewardLevel.self) + ordinalsFollowDeclarationOrder(R.LicenceStatus.self)
            + ordinalsFollowDeclarationOrder(R.LicenceKind.self) + ordinalsFollowDeclarationOrder(R.SubjectKind.self)
            + ordinalsFollowDeclarationOrder(InspectionResult.self) + ordinalsFollowDeclarationOrder(RegistrationStatus.self)
            + ordinalsFollowDeclarationOrder(RecordCategory.self) + ordinalsFollowDeclarationOrder(RiskClass.self)
        #expect(problems.isEmpty, "\(problems)")
    }

    /// Each rule field's bit for a value is the value's ordinal.
    @Test func everyVocabularyBitIsTheValuesOrdinal() {
        typealias R = EnforcementRecord
        func check<T: CaseOrdinal & RawRepresentable>(_ field: RecordField, _ type: T.Type) -> [String] where T.RawValue == String {
            T.allCases.compactMap { value in
                field.vocabulary.firstIndex(of: value.rawValue) == value.ordinal ? nil
                    : "\(field.rawValue): '\(value.rawValue)' has bit \(field.vocabulary.firstIndex(of: value.rawValue) ?? -1), ordinal \(value.ordinal)"
            }
        }
        let problems = check(.penaltyType, PenaltyType.self) + check(.penaltyGroup, PenaltyType.Group.self)
            + check(.procedure, R.PenaltyProcedure.self) + check(.domain, R.PenaltyDomain.self) + check(.severity, R.DishonestySeverity.self)
            + check(.measure, R.CoercionMeasure.self) + check(.coercionStatus, R.CoercionStatus.self) + check(.result, InspectionResult.self)
            + check(.inspectionKind, R.InspectionKind.self) + check(.level, R.RewardLevel.self) + check(.licenceStatus, R.LicenceStatus.self)
            + check(.status, RegistrationStatus.self)
        #expect(problems.isEmpty, "\(problems)")
        // Every field with a closed enum vocabulary is covered above (flags and booleans have their own).
        let covered: Set<RecordField> = [.penaltyType, .penaltyGroup, .procedure, .domain, .severity, .measure, .coercionStatus, .result,
                                         .inspectionKind, .level, .licenceStatus, .status]
        #expect(Set(RecordField.allCases).subtracting(covered) == [.inForce, .atFault, .flag])
    }
}
