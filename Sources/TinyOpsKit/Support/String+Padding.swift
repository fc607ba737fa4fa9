extension String {
    /// Right-aligned in a column of `width` characters (table output).
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
