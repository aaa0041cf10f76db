import ArgumentParser
import Foundation
import Logging
import SwitchyardAdmission
import SwitchyardCatalog
import SwitchyardGateway
import SwitchyardModel
import SwitchyardStorage

/// `switchyard bench admission`: what keys, admission and the ledger add to one request, in process.
struct AdmissionBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admission",
        abstract: "Per-request cost of key lookup, admission (RPM, TPM, concurrency, budget, credits) and ledger recording."
    )

    @Option(name: .long, help: "Stored keys in the directory.") var keys = 10_000
    @Option(name: .long, help: "Measured operations per stage.") var operations = 200_000

    func run() async throws {
        let master = "sk-sy-master-bench-0123456789"
        var snapshot = AccessSnapshot(plans: [Plan(id: "p", name: "P", limits: PlanLimits(rpm: 1 << 30, tpm: 1 << 40, maxConcurrent: 1 << 20, budgetMicrodollars: 1 << 50, budgetWindow: "1d"), createdAtMillis: 0)])
        var secrets: [String] = []
        for index in 0..<keys {
            let secret = KeySecret.generate()
            secrets.append(secret)
            snapshot.accounts.append(Account(id: "a\(index)", teamID: nil, name: "a", prepaid: index % 2 == 0, createdAtMillis: 0))
            snapshot.keys.append(APIKey(id: "k\(index)", accountID: "a\(index)", planID: "p", name: nil, prefix: KeySecret.prefix(of: secret), keyHash: KeySecret.hex(KeySecret.digest(of: secret)), overrides: nil, metadata: [:], expiresAtMillis: nil, createdAtMillis: 0))
        }
        let admission = AdmissionController()
        for index in stride(from: 0, to: keys, by: 2) { admission.seedCredit(account: "a\(index)", balanceMicroDollars: 1 << 50) }
        let authenticator = KeyAuthenticator(masterKey: master, directory: AccessDirectory(snapshot))

        var principals: [Principal] = []
        let authenticate = try Self.measure(operations) { index in
            principals.append(try authenticator.authenticate(secrets[index % secrets.count]))
        }
        let pricing = TokenPricing(inputPicodollars: 150_000, outputPicodollars: 600_000)
        let admitAndSettle = try Self.measure(operations) { index in
            let principal = principals[index % principals.count]
            let ticket = try admission.admit(AdmissionRequest(
                keyID: principal.keyID, limits: principal.limits, creditAccount: principal.creditAccountID, model: "m",
                inputTokens: 120, requestedMaxTokens: 256, modelMaxOutput: 4096, pricing: pricing
            ))
            admission.settle(ticket, actualTokens: 300, actualMicroDollars: 90)
        }

        let path = NSTemporaryDirectory() + "bench-ledger-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let writer = LedgerWriter(store: try SQLiteUsageLedger(path: path), logger: Logger(label: "bench"))
        let row = UsageRecord(
            requestID: "req_bench", settledAtMillis: 1_795_305_600_000, keyPrefix: "sk-sy-AbCdEf", requestedModel: "m", servedModel: "m",
            provider: "p", route: "explicit", stream: false, usage: Usage(inputTokens: 120, outputTokens: 180), cost: Cost(picodollars: 126_000_000),
            status: 200, errorCode: nil, latency: .microseconds(900), timeToFirstToken: .microseconds(400), keyID: "k0", accountID: "a0", creditAccountID: "a0"
        )
        let ledgerRows = min(operations, 50_000)
        let record = try Self.measure(ledgerRows) { _ in writer.record(row) }
        let clock = ContinuousClock()
        let flushed = await clock.measure { await writer.flush() }

        print("stage\tp50_us\tp99_us\tmean_us\t(operations)")
        Self.report("authenticate (SHA-256 + directory lookup, \(keys) keys)", authenticate)
        Self.report("admit + settle (RPM, TPM, concurrency, budget, credits)", admitAndSettle)
        Self.report("ledger record (request path: queue append)", record)
        let perRow = Double(flushed.components.attoseconds) / 1e12 / Double(ledgerRows) + Double(flushed.components.seconds) * 1e6 / Double(ledgerRows)
        print("ledger write (writer task, off the request path): \(ledgerRows) rows in one batch, \(String(format: "%.2f", perRow)) µs per row")
        let total = [authenticate, admitAndSettle, record].map { $0[$0.count / 2] }.reduce(0, +)
        print("sum of request-path p50s: \(String(format: "%.2f", total)) µs")
    }

    /// Times `body` once per operation; returns the sorted samples in microseconds.
    static func measure(_ count: Int, _ body: (Int) throws -> Void) throws -> [Double] {
        for index in 0..<min(count, 1000) { try body(index) } // warm-up
        var samples = [Double]()
        samples.reserveCapacity(count)
        let clock = ContinuousClock()
        for index in 0..<count {
            let start = clock.now
            try body(index)
            let elapsed = clock.now - start
            samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
        }
        return samples.sorted()
    }

    static func report(_ name: String, _ samples: [Double]) {
        let mean = samples.reduce(0, +) / Double(samples.count)
        let format = { (value: Double) in String(format: "%.2f", value) }
        print("\(name)\t\(format(samples[samples.count / 2]))\t\(format(samples[samples.count * 99 / 100]))\t\(format(mean))\t(\(samples.count))")
    }
}
