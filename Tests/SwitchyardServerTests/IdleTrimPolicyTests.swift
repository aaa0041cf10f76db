import Testing
@testable import SwitchyardServer

/// Memory is handed back once per busy spell, on the first quiet tick after it, and never while busy.
@Suite struct IdleTrimPolicyTests {
    @Test func trimsOnceOnTheFirstQuietTickAfterABusySpell() {
        var policy = IdleTrimPolicy()
        let tick = Duration.seconds(2)
        let busy = Duration.milliseconds(900), quiet = Duration.milliseconds(20)
        // Quiet from the start: nothing was freed by traffic, nothing to trim.
        let atStart = policy.tick(cpuUsed: quiet, interval: tick)
        #expect(!atStart)
        // Busy ticks never trim; the first quiet one does, the next quiet ones do not.
        var decisions: [Bool] = []
        for used in [busy, busy, quiet, quiet, busy, quiet] { decisions.append(policy.tick(cpuUsed: used, interval: tick)) }
        #expect(decisions == [false, false, true, false, false, true])
    }

    @Test func quietMeansUnderFivePercentOfACore() {
        var policy = IdleTrimPolicy()
        _ = policy.tick(cpuUsed: .seconds(1), interval: .seconds(2))
        // 150 ms in 2 s is 7.5 %: still busy.
        let atSevenAndAHalfPercent = policy.tick(cpuUsed: .milliseconds(150), interval: .seconds(2))
        let atTwoAndAHalfPercent = policy.tick(cpuUsed: .milliseconds(50), interval: .seconds(2))
        #expect(!atSevenAndAHalfPercent && atTwoAndAHalfPercent)
    }
}
