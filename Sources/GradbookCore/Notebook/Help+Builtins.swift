// The help topics generated from the builtin table: :help functions (every builtin, by theme) and one
// topic per theme (:help tensors, :help networks, …).

extension Help {
    /// `:help functions`: how to define a function, then every builtin, grouped by theme, one line each.
    static var functionsParagraph: String {
        let groups = Builtin.Theme.allCases.map { theme in
            "\(theme.heading) (:help \(theme.rawValue)):\n" + Builtin.table.filter { $0.theme == theme }.map(\.listing).joined(separator: "\n")
        }
        return """
            Define a function with f(x, y) = x^2 + y; its body is evaluated at each call, so it sees the bindings of the moment.
              example: f(x) = 3*x^2 - 4*x + 5; f(3); diff(f(x), x)
            The builtins (:help NAME explains one, with an example):
            """ + "\n" + groups.joined(separator: "\n")
    }

    /// One theme's builtins, one line each, with the first one's example.
    static func themeParagraph(_ theme: Builtin.Theme) -> String {
        let entries = Builtin.table.filter { $0.theme == theme }
        return "\(theme.heading); :help NAME explains one, with an example.\n" + entries.map(\.listing).joined(separator: "\n")
    }
}
