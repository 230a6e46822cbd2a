import Foundation
import TestSupport
import Testing

/// Keyframe-only decoding switches on when the keyframes look denser than the sampling, and back off when they
/// turn out not to be (an encoder's scene-cut keyframes made a live camera sample one frame in four).
@Suite(.childProcesses)
struct KeyframeModeTests {
    @Test func keyframesThatThinOutSendDecodingBackToEveryFrame() async throws {
        let directory = try temporaryDirectory("gop")
        let clip = directory.appendingPathComponent("irregular.mp4").path
        // 16 s at 25 fps: a keyframe every 0.2 s for the first 4 s (scene cuts), then one every 4 s.
        try await runTool("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=16",
                                      "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", "100", "-sc_threshold", "0",
                                      "-force_key_frames", "expr:if(lt(t,4),gte(t,n_forced*0.2),gte(t,4*(n_forced-19)))", clip])
        let run = try await SharpEyesBinary.run(["analyze", clip, "--fps", "2", "--db", directory.appendingPathComponent("db.sqlite").path,
                                           "--json", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect(summary["decode_mode"] as? String == "full", "\(summary)")
        // 2 a second over 16 s is 32; the 4 s gap that gives the GOP away is lost (it is only known at its end), and
        // kept in keyframe-only mode the run would get about 11.
        #expect((summary["frames_analyzed"] as? Int ?? 0) >= 22, "\(summary["frames_analyzed"] ?? "")")
    }
}
