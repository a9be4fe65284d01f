import Mustache

/// What the templates in `Rules/templates` see of an `OfficialDocument`: its parts, with the
/// layout figures already computed (swift-mustache reads stored properties only).
struct DocumentPage: Sendable {
    let issuer: String
    /// The agency name's size on paper (`36pt`) and on a narrow screen (a share of its width).
    let issuerSize: String
    let issuerNarrowSize: String
    let number: String?
    let title: String
    let addressee: String?
    let blocks: [BlockView]
    let signature: SignatureView?
    let annotation: String?
    let imprint: ImprintView
    let runningHead: String?
    /// The running head as the body of a CSS string (`content: "…"` in a page margin box).
    let runningHeadCSS: String?

    struct BlockView: Sendable {
        var heading1: String?
        var heading2: String?
        var heading3: String?
        var paragraph: String?
        var table: TableView?
    }

    struct TableView: Sendable {
        let columns: [ColumnView]
        let showsHeader: Bool
        let rows: [RowView]
    }

    struct ColumnView: Sendable { let title: String; let width: String }
    /// A row; in a table without a header row its first cell heads the row (`label`).
    struct RowView: Sendable { let label: String?; let cells: [String] }

    struct SignatureView: Sendable {
        let agency: String
        let date: String
        /// Right indents in em of the body font (HTML).
        let agencyIndent: String
        let dateIndent: String
        /// The two lines padded with ideographic spaces to 28 characters (text form).
        let agencyLine: String
        let dateLine: String
    }

    struct ImprintView: Sendable {
        let copiesTo: String?
        let printedBy: String
        let printedOn: String
    }
}

extension OfficialDocument {
    /// The template context.
    var page: DocumentPage {
        let blocks = body.map { block -> DocumentPage.BlockView in
            switch block {
            case .paragraph(let text): return .init(paragraph: text)
            case .heading(let text, let level):
                return level <= 1 ? .init(heading1: text) : level == 2 ? .init(heading2: text) : .init(heading3: text)
            case .table(let table):
                return .init(table: .init(columns: table.columns.map { .init(title: $0.title, width: "\($0.percent)%") },
                                          showsHeader: table.showsHeader,
                                          rows: table.rows.map { table.showsHeader ? .init(label: nil, cells: $0) : .init(label: $0.first, cells: Array($0.dropFirst())) }))
            }
        }
        let signatureView = signature.flatMap { signature in
            signatureIndents.map { indents in
                DocumentPage.SignatureView(
                    agency: signature.agency, date: signature.date,
                    agencyIndent: "\(Self.decimal(indents.agency))em", dateIndent: "\(Self.decimal(indents.date))em",
                    agencyLine: Self.rightAligned(signature.agency, indent: indents.agency),
                    dateLine: Self.rightAligned(signature.date, indent: indents.date))
            }
        }
        let points = issuerPoints
        return DocumentPage(
            issuer: issuer, issuerSize: "\(Self.decimal(points))pt",
            // 36 pt of 156 mm is the share the name may take of a phone's width, at most 88 %.
            issuerNarrowSize: "\(Self.decimal(min(88 / Self.width(issuer), points / Self.typeAreaPoints * 100)))vw",
            number: number, title: title, addressee: addressee, blocks: blocks, signature: signatureView, annotation: annotation,
            imprint: .init(copiesTo: imprint.copiesTo.isEmpty ? nil : imprint.copiesTo.joined(separator: "，") + "。",
                           printedBy: imprint.printedBy, printedOn: imprint.printedOn),
            runningHead: runningHead, runningHeadCSS: runningHead.map(Self.cssString))
    }

    /// `3.5`, `4`: at most two decimals, no trailing zeros, the same bytes on every machine.
    static func decimal(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100, rest = hundredths % 100
        return rest == 0 ? "\(whole)" : rest % 10 == 0 ? "\(whole).\(rest / 10)" : "\(whole).\(rest < 10 ? "0" : "")\(rest)"
    }

    /// A line of 28 characters (the standard's line) with `text` ending `indent` characters from the right.
    static func rightAligned(_ text: String, indent: Double) -> String {
        let padding = max(0, Int((28 - indent - width(text)).rounded()))
        return String(repeating: "\u{3000}", count: padding) + text
    }

    /// Text inside a CSS string: quotes and backslashes escaped, `<` and line breaks as escapes
    /// (the string sits in a `<style>` element, which must not meet `</style>`).
    static func cssString(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "<": result += "\\3C "
            case "\n", "\r": result += "\\A "
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF: result += "\\FFFD "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

// Each view answers its template names with a switch instead of swift-mustache's reflection
// (`Mirror` for every lookup made rendering a notice several times slower than its text needs).
extension DocumentPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "issuer": issuer
        case "issuerSize": issuerSize
        case "issuerNarrowSize": issuerNarrowSize
        case "number": number
        case "title": title
        case "addressee": addressee
        case "blocks": blocks
        case "signature": signature
        case "annotation": annotation
        case "imprint": imprint
        case "runningHead": runningHead
        case "runningHeadCSS": runningHeadCSS
        default: nil
        }
    }
}

extension DocumentPage.BlockView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "heading1": heading1
        case "heading2": heading2
        case "heading3": heading3
        case "paragraph": paragraph
        case "table": table
        default: nil
        }
    }
}

extension DocumentPage.TableView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "columns": columns
        case "showsHeader": showsHeader
        case "rows": rows
        default: nil
        }
    }
}

extension DocumentPage.ColumnView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "width": width
        default: nil
        }
    }
}

extension DocumentPage.RowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "cells": cells
        default: nil
        }
    }
}

extension DocumentPage.SignatureView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "agency": agency
        case "date": date
        case "agencyIndent": agencyIndent
        case "dateIndent": dateIndent
        case "agencyLine": agencyLine
        case "dateLine": dateLine
        default: nil
        }
    }
}

extension DocumentPage.ImprintView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "copiesTo": copiesTo
        case "printedBy": printedBy
        case "printedOn": printedOn
        default: nil
        }
    }
}
