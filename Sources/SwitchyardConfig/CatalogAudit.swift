import SwitchyardCatalog

/// Findings about a configuration's catalog that deserve a human's look.
public struct CatalogFinding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case problem, note }

    public var severity: Severity
    public var model: String
    public var message: String

    public var description: String { "\(severity == .problem ? "PROBLEM" : "note   ") \(model): \(message)" }
}

/// Audits prices and lifecycles: free models, missing or stale price sources, dates gone by.
public enum CatalogAudit {
    /// Findings for `models` on `today`; prices older than `staleAfterDays` are noted.
    public static func findings(_ models: [CatalogModel], today: CalendarDay, staleAfterDays: Int = 180) -> [CatalogFinding] {
        var findings: [CatalogFinding] = []
        for model in models {
            if model.isFree {
                findings.append(.init(severity: .note, model: model.id, message: "marked free: its usage is recorded at $0."))
            } else {
                if model.prices.source?.isEmpty ?? true {
                    findings.append(.init(severity: .problem, model: model.id, message: "price has no 'source'."))
                }
                if let asOf = model.prices.asOf {
                    if days(from: asOf, to: today) > staleAfterDays, model.lifecycle.effective(on: today).status != "retired" {
                        findings.append(.init(severity: .note, model: model.id, message: "price is from \(asOf), more than \(staleAfterDays) days ago; check it is current."))
                    }
                } else {
                    findings.append(.init(severity: .problem, model: model.id, message: "price has no 'as_of' date."))
                }
            }
            if case .deprecated(let successor, let date) = model.lifecycle, today >= date {
                findings.append(.init(severity: .problem, model: model.id, message: "deprecation date \(date) has passed: it is retired now; requests get a 404 naming \(successor). Mark it retired."))
            }
        }
        return findings
    }

    /// Whole days from `start` to `end` (negative when `end` is earlier).
    static func days(from start: CalendarDay, to end: CalendarDay) -> Int {
        end.daysSince1970 - start.daysSince1970
    }
}
