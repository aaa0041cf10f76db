import Foundation
import SwitchyardAdmission
import SwitchyardStorage

/// Loads the access tables at start and resumes admission where the last process left it:
/// credit balances from their histories, and each budgeted key's spend in its current window
/// from the ledger.
public enum AccessBootstrap {
    public static func directory(
        store: any AccessStore, ledger: any UsageLedgerStore, admission: AdmissionController,
        nowMillis: Int64 = Int64(Date().timeIntervalSince1970 * 1000)
    ) async throws -> AccessDirectory {
        let snapshot = try await store.load()
        for (account, balance) in try await store.creditBalances() {
            admission.seedCredit(account: account, balanceMicroDollars: balance)
        }
        let plans = Dictionary(uniqueKeysWithValues: snapshot.plans.map { ($0.id, $0.limits) })
        for key in snapshot.keys where key.revokedAtMillis == nil {
            guard let budget = KeyLimits((plans[key.planID] ?? PlanLimits()).overridden(by: key.overrides)).budget else { continue }
            let window = budget.window.bounds(containing: nowMillis)
            let spent = try await ledger.usage(UsageQuery(sinceMillis: window.lowerBound, untilMillis: window.upperBound, keyID: key.id))
            admission.seedWindowSpend(keyID: key.id, window: budget.window, spentMicroDollars: spent.first?.totals.microDollars ?? 0)
        }
        return AccessDirectory(snapshot)
    }
}
