import CFFmpeg

/// How much libav* writes to stderr itself. Our own errors are counted and reported, so by default
/// only FFmpeg's fatal messages pass; `verbose` shows its warnings (damaged streams, concealment).
public enum FFmpegLog {
    public static func configure(verbose: Bool) {
        av_log_set_level(verbose ? AV_LOG_WARNING : AV_LOG_FATAL)
    }
}
