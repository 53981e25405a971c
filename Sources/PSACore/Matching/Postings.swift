/// The companies listed under one key of `CompanyIndex`, in the order they were added. Most keys
/// (a name, its initials, a rare word) lead to one company, so the first is kept inline and only
/// the others in an array: tens of thousands of one-element arrays would cost an allocation each
/// to build and another to free, every time Auto Match runs.
struct Postings: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    private var first = -1
    private var others: [Int] = []

    init(arrayLiteral positions: Int...) {
        for position in positions { append(position) }
    }

    mutating func append(_ position: Int) {
        if first < 0 { first = position } else { others.append(position) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { first < 0 ? 0 : 1 + others.count }
    subscript(offset: Int) -> Int { offset == 0 ? first : others[offset - 1] }
}
