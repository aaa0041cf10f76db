import NIOCore
import NIOPosix

// Run Swift concurrency on NIO's event loops: handler code and network I/O then share
// threads instead of hopping between two pools on every request.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
#if os(Linux)
// Few threads do all the work, so two malloc arenas keep the resident set small (M_ARENA_MAX).
_ = glibcMallopt(-8, 2)
#endif
await Switchyard.runAsRoot()
