import Dispatching

extension APIServices {
    /// A force's name from the dispatch configuration (nil without dispatch, or for a force no longer configured).
    func forceName(id: String) -> String? { dispatcher?.config.force(id: id)?.name }
}
