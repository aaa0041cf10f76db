import ArgumentParser
import Foundation
import Logging
import NIOCore
import SwitchyardConfig
import SwitchyardGateway
import SwitchyardModel
import SwitchyardProviders
import SwitchyardStorage

/// `switchyard bench fast-lane`: the gateway's own work for one fast-lane chat completion, in
/// process and without sockets: the request's id and trace, authenticate → resolve → route → admit
/// (`ChatService.fastLane`), the response headers' outcome, and settlement (ledger row queued,
/// metrics, breaker, admission). The HTTP and socket work around it is what `scripts/bench` adds.
struct FastLaneBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fast-lane",
        abstract: "Per-request cost of the fast lane's gateway work (no sockets): prepare, outcome, settle."
    )

    @Option(name: .long, help: "Measured requests per stage.") var operations = 200_000

    static let config = """
    providers:
      - { name: origin, type: openai-compatible, base_url: "http://127.0.0.1:9/v1" }
    models:
      - { id: bench-model, provider: origin, upstream: bench-model, price: { input: 0.10, output: 0.20 } }
    """

    func run() async throws {
        let loaded = try ConfigLoader.parse(yaml: Self.config, file: "bench", environment: [:])
        var logger = Logger(label: "switchyard.bench")
        logger.logLevel = .error
        let transport = HTTPTransport(connectTimeout: loaded.server.connectTimeout)
        let registry = await ProviderSetup.registry(for: loaded, transport: transport, logger: logger)
        let path = NSTemporaryDirectory() + "bench-fast-lane-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let ledger = LedgerWriter(store: try SQLiteUsageLedger(path: path), logger: logger)
        let master = "sk-sy-master-bench-0123456789"
        let service = ChatService(
            registry: registry, authenticator: MasterKeyAuthenticator(masterKey: master),
            recorder: UsageRecorders([ledger, LoggingUsageRecorder(logger: logger), StatusBoard()]),
            timeouts: DispatchTimeouts(firstByte: .seconds(60), total: .seconds(600)), logger: logger
        )
        let body = ByteBuffer(string: #"{"model":"bench-model","messages":[{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":32}"#)
        let usage = Usage(inputTokens: 14, outputTokens: 9)

        // One request at a time, as the event loop runs them; each stage timed on its own.
        var prepare: [Double] = [], outcome: [Double] = [], settle: [Double] = []
        for phase in [1000, operations] {
            prepare = []; outcome = []; settle = []
            for index in 0..<phase {
                var start = ContinuousClock.now
                let trace = TraceContext.start()
                let context = CallContext(requestID: TraceContext.timeOrderedID(prefix: "req_"), presentedKey: master, trace: trace, receivedAt: start)
                guard let call = service.fastLane(body, context: context) else { throw ValidationError("the bench request left the fast lane") }
                prepare.append(Self.microseconds(since: &start))
                precondition(!service.fastLaneOutcome(call, waited: .microseconds(100)).servedModel.isEmpty)
                outcome.append(Self.microseconds(since: &start))
                service.fastLaneSettle(call, usage: usage, error: nil, ttft: .microseconds(100), upstreamTime: .microseconds(100))
                settle.append(Self.microseconds(since: &start))
                // The writer task's share, off the timed path (as the ledger thread does it in `serve`).
                if index % 1000 == 999 { _ = await ledger.flush() }
            }
        }
        print("stage\tp50_us\tp99_us\tmean_us\t(operations)")
        AdmissionBench.report("prepare (ids, trace, authenticate, resolve, route, admit, upstream body)", prepare.sorted())
        AdmissionBench.report("outcome (what the response headers say)", outcome.sorted())
        AdmissionBench.report("settle (ledger row queued, log line, metrics, breaker, admission)", settle.sorted())
        try await transport.shutdown()
    }

    /// Microseconds from `start` to now; `start` moves to now.
    static func microseconds(since start: inout ContinuousClock.Instant) -> Double {
        let now = ContinuousClock.now
        let elapsed = now - start
        start = now
        return Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
    }
}
