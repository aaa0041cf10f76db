import ServiceLifecycle
#if OTel
import OTel
#endif

/// Trace export: with the `OTel` package trait (`swift build --traits OTel`), spans go out over
/// OTLP/HTTP as the standard `OTEL_*` variables configure (e.g. `OTEL_EXPORTER_OTLP_ENDPOINT`);
/// the default build exports nothing and its spans cost next to nothing.
enum TraceExport {
    /// The exporter's background service, when this build has one.
    static func service(environment: [String: String]) throws -> (any Service)? {
        #if OTel
        var configuration = OTel.Configuration.default
        configuration.serviceName = "switchyard"
        // Logs and metrics have their own outputs (JSON lines, /metrics); only traces go to OTLP.
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        return try OTel.bootstrap(configuration: configuration, environment: environment)
        #else
        return nil
        #endif
    }
}
