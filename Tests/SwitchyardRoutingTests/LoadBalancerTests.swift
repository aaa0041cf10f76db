import SwitchyardRouting
import Testing

/// Weighted and least-latency choice among a model's deployments.
@Suite struct LoadBalancerTests {
    @Test func weightedDrawsLandInProportionToWeight() {
        let candidates = [LoadBalancer.Candidate(weight: 3), LoadBalancer.Candidate(weight: 1)]
        let picks = (0..<4).map { point in LoadBalancer.weighted(candidates) { total in
            #expect(total == 4)
            return point
        } }
        #expect(picks == [0, 0, 0, 1])
    }

    @Test func zeroWeightIsAStandbyOnlyChosenAlone() {
        let withStandby = [LoadBalancer.Candidate(weight: 0), LoadBalancer.Candidate(weight: 2)]
        #expect((0..<2).map { point in LoadBalancer.weighted(withStandby) { _ in point } } == [1, 1])
        #expect(LoadBalancer.weighted([LoadBalancer.Candidate(weight: 0)]) { _ in 0 } == 0)
        #expect(LoadBalancer.weighted([]) { _ in 0 } == nil)
    }

    @Test func leastLatencyTriesUnmeasuredDeploymentsFirstThenTheFastest() {
        let unmeasured = [LoadBalancer.Candidate(weight: 1, latencyNanoseconds: 5), LoadBalancer.Candidate(weight: 1)]
        #expect(LoadBalancer.leastLatency(unmeasured) == 1)
        let measured = [
            LoadBalancer.Candidate(weight: 1, latencyNanoseconds: 900), LoadBalancer.Candidate(weight: 1, latencyNanoseconds: 300),
            LoadBalancer.Candidate(weight: 5, latencyNanoseconds: 300),
        ]
        #expect(LoadBalancer.leastLatency(measured) == 2)
        #expect(LoadBalancer.leastLatency([]) == nil)
    }

    @Test func latencyIsAnExponentiallyWeightedMean() {
        #expect(LoadBalancer.updatedLatency(nil, sample: 1000) == 1000)
        #expect(LoadBalancer.updatedLatency(1000, sample: 2000) == 1300)
        #expect(LoadBalancer.updatedLatency(1000, sample: 0) == 700)
    }
}
