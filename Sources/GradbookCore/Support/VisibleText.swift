// Text that came from input (scripts, CSV cells, history) made safe to print: control characters are shown,
// never obeyed, so `x = 1 ESC]0;PWNED BEL` cannot retitle the terminal or move its cursor.

/// Shows control characters visibly: ESC as `\e`, the other C0 controls in caret notation (`^G` for BEL,
/// `^M` for a carriage return), DEL as `^?`, and the C1 controls (U+0080–U+009F, which some terminals obey
/// as ESC sequences) as U+FFFD. Line breaks and tabs stay.
public enum VisibleText {
    /// `text` with its control characters made visible.
    ///
    /// With `keepingColour`, gradbook's own colour sequences (`ESC [ digits ; … m`, which only change colours)
    /// are kept; a terminal that shows colour gets them from the renderers, and text from input cannot use them
    /// for anything worse. Without it, every ESC is shown as `\e`.
    public static func escaping(_ text: String, keepingColour: Bool = false) -> String {
        guard needsEscaping(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if keepingColour, scalar == "\u{1B}", let end = colourSequenceEnd(scalars, from: index) {
                result.append(contentsOf: scalars[index...end])
                index = end + 1
                continue
            }
            if scalar == "\n" || scalar == "\t" { result.append(scalar) } else { result.append(contentsOf: visible(scalar).unicodeScalars) }
            index += 1
        }
        return String(result)
    }

    /// `text` without gradbook's colour sequences: what a reader sees, to compare with plain text (a lesson's
    /// recorded output against what a cell prints on a colour terminal).
    public static func withoutColour(_ text: String) -> String {
        guard text.utf8.contains(0x1B) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\u{1B}", let end = colourSequenceEnd(scalars, from: index) {
                index = end + 1
                continue
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }

    /// How one character is shown: itself, or its visible stand-in when it is a control character.
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x1B: return "\\e"
        case 0x00..<0x20: return "^" + String(Unicode.Scalar(UInt8(scalar.value + 0x40)))
        case 0x7F: return "^?"
        case 0x80..<0xA0: return "\u{FFFD}"
        default: return String(scalar)
        }
    }

    /// Whether `text` holds any character `escaping` would change (a quick scan of its UTF-8 bytes:
    /// controls are below 0x20 or 0x7F, and a C1 control starts with the byte 0xC2).
    static func needsEscaping(_ text: String) -> Bool {
        text.utf8.contains { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F || $0 == 0xC2 }
    }

    /// The index of the `m` ending a colour sequence `ESC [ (digits | ;)* m` starting at `start`, if it is one.
    private static func colourSequenceEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var index = start + 2
        while index < scalars.count, index - start < 24 {
            let scalar = scalars[index]
            if scalar == "m" { return index }
            guard ("0"..."9").contains(scalar) || scalar == ";" else { return nil }
            index += 1
        }
        return nil
    }

    /// `text` cut to at most `limit` characters, keeping its start and end with ` … ` between.
    public static func clipped(_ text: String, limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        let head = limit * 3 / 4, tail = limit - head - 3
        return String(String.UnicodeScalarView(scalars.prefix(head))) + " … " + String(String.UnicodeScalarView(scalars.suffix(tail)))
    }
}
