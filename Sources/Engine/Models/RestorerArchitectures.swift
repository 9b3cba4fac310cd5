/// The registered restoration architectures, in detection order: the first whose `detect`
/// recognises a checkpoint wins (PromptIR before Restormer: a PromptIR holds a whole Restormer).
enum RestorerArchitectures {
    static let all: [any RestorerArchitecture.Type] = [
        NAFNetConfig.self,
        PromptIRConfig.self,
        RestormerConfig.self,
        ZeroDCEConfig.self,
    ]
}
