import ArgumentParser
import Foundation
import SwitchyardCatalog

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Micro-benchmarks (the HTTP benchmark is scripts/bench).", subcommands: [Tokenizer.self, AdmissionBench.self, ObservabilityBench.self, FastLaneBench.self]
    )

    struct Tokenizer: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tokenizer load time and single-core MB/s for prose and code.")

        @Option(name: .long, help: "English prose to count (default: README.md).")
        var prose = "README.md"

        @Option(name: .long, help: "A directory of source code to count (default: Sources).")
        var code = "Sources"

        @Option(name: .long, help: "Repeat each text until it is at least this many bytes.")
        var minBytes = 2_000_000

        func run() throws {
            let proseText = try String(contentsOfFile: prose, encoding: .utf8)
            let codeText = try Self.swiftSources(in: code)
            guard !proseText.isEmpty, !codeText.isEmpty else { throw ValidationError("no text to count") }
            for encoding in BPETokenizer.Encoding.allCases {
                let clock = ContinuousClock()
                var loaded: BPETokenizer?
                let load = try clock.measure { loaded = try BPETokenizer.load(encoding) }
                guard let tokenizer = loaded else { continue }
                print("\(encoding.rawValue): load \(Self.milliseconds(load)) ms")
                for (name, text) in [("prose", Self.repeated(proseText, to: minBytes)), ("code", Self.repeated(codeText, to: minBytes))] {
                    _ = tokenizer.count(text)
                    var tokens = 0
                    let elapsed = clock.measure { tokens = tokenizer.count(text) }
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    let megabytes = Double(text.utf8.count) / 1_000_000
                    print("  \(name): \(text.utf8.count) bytes, \(tokens) tokens, \(Self.oneDecimal(megabytes / seconds)) MB/s, \(Int(Double(tokens) / seconds)) tokens/s")
                }
            }
        }

        static func swiftSources(in directory: String) throws -> String {
            guard let walker = FileManager.default.enumerator(atPath: directory) else { return "" }
            var text = ""
            for case let path as String in walker where path.hasSuffix(".swift") {
                text += (try? String(contentsOfFile: directory + "/" + path, encoding: .utf8)) ?? ""
            }
            return text
        }

        static func repeated(_ text: String, to bytes: Int) -> String {
            var result = text
            while result.utf8.count < bytes { result += "\n" + text }
            return result
        }

        static func milliseconds(_ duration: Duration) -> String {
            oneDecimal(Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
        }

        static func oneDecimal(_ value: Double) -> String {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }
    }
}
