/// Facts about this build of tinyops.
public enum TinyOps {
    /// The tool version: printed by `--version`, written into model metadata and stage keys.
    public static let version = "0.1.0"
}
