/// Simple keys and the indentation stack, as libyaml keeps them: they decide where a block collection starts and
/// ends, which in turn decides where a plain or block scalar ends.
extension Prescan {
    mutating func saveSimpleKey() throws(Stop) {
        guard simpleKeyAllowed else { return }
        let required = flowLevel == 0 && indent == column
        try removeSimpleKey()
        simpleKeys[simpleKeys.count - 1] = SimpleKey(
            possible: true, required: required, line: line, index: index, column: column
        )
    }

    mutating func removeSimpleKey() throws(Stop) {
        let key = simpleKeys[simpleKeys.count - 1]
        if key.possible && key.required { throw Stop(line: key.line, message: "could not find the expected ':'") }
        simpleKeys[simpleKeys.count - 1].possible = false
    }

    /// A simple key spans one line and fewer than 1024 characters.
    mutating func staleSimpleKeys() throws(Stop) {
        for level in simpleKeys.indices {
            let key = simpleKeys[level]
            guard key.possible, key.line < line || key.index + 1024 < index else { continue }
            if key.required { throw Stop(line: key.line, message: "could not find the expected ':'") }
            simpleKeys[level].possible = false
        }
    }

    mutating func rollIndent(to column: Int) throws(Stop) {
        guard flowLevel == 0, indent < column else { return }
        indents.append(indent)
        indent = column
        try checkDepth()
    }

    mutating func unrollIndent(to column: Int) {
        guard flowLevel == 0 else { return }
        while indent > column, let outer = indents.popLast() {
            indent = outer
        }
    }

    /// Block collections open plus flow collections open.
    func checkDepth() throws(Stop) {
        if indents.count + flowLevel > Self.maximumDepth {
            throw stop("collections are nested more than \(Self.maximumDepth) levels deep")
        }
    }
}
