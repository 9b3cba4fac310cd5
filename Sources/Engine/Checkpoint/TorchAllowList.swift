/// The module-level names a checkpoint pickle may mention, after PyTorch's weights-only
/// unpickler (torch/_weights_only_unpickler.py). Anything else is refused before any
/// value is built; names are only looked up here, never imported or executed.
enum TorchAllowList {
    enum Role: Equatable {
        case rebuildTensorV2
        case rebuildTensor
        case rebuildParameter
        case rebuildParameterWithState
        case rebuildFromTypeV2
        case orderedDict
        case set
        case size
        case parameter
        case bytearray
        case codecsEncode
        case inertClass
        case storageType(DType?)
        /// A value used only as data (a dtype, a tensor class, a quantization scheme).
        case reference
        /// A class that some Lightning versions store as a dict key; it may be referenced
        /// but never called.
        case referenceOnly
    }

    static let blockedModules: Set<String> = ["os", "posix", "nt", "sys", "subprocess"]

    static func role(of reference: PickleGlobal) -> Role? {
        if blockedModules.contains(reference.module) { return nil }
        switch (reference.module, reference.name) {
        case ("torch._utils", "_rebuild_tensor_v2"): return .rebuildTensorV2
        case ("torch._utils", "_rebuild_tensor"): return .rebuildTensor
        case ("torch._utils", "_rebuild_parameter"): return .rebuildParameter
        case ("torch._utils", "_rebuild_parameter_with_state"): return .rebuildParameterWithState
        case ("torch._tensor", "_rebuild_from_type_v2"): return .rebuildFromTypeV2
        case ("collections", "OrderedDict"), ("collections", "Counter"): return .orderedDict
        case ("builtins", "set"), ("__builtin__", "set"): return .set
        case ("builtins", "bytearray"), ("__builtin__", "bytearray"): return .bytearray
        case ("_codecs", "encode"): return .codecsEncode
        case ("torch", "Size"): return .size
        case ("torch.nn.parameter", "Parameter"): return .parameter
        case ("torch", "device"), ("builtins", "complex"), ("torch.serialization", "_get_layout"): return .inertClass
        case ("torch", "Tensor"), ("torch._tensor", "Tensor"): return .reference
        default: break
        }
        if reference.module == "torch" {
            if let dtype = storageTypes[reference.name] { return .storageType(dtype) }
            if unsupportedStorageTypes.contains(reference.name) { return .storageType(nil) }
            if dtypeNames.contains(reference.name) { return .reference }
        }
        if lightningCallbackKeys.contains(reference) { return .referenceOnly }
        return nil
    }

    static let storageTypes: [String: DType] = [
        "FloatStorage": .float32, "DoubleStorage": .float64, "HalfStorage": .float16, "BFloat16Storage": .bfloat16,
        "LongStorage": .int64, "IntStorage": .int32, "ShortStorage": .int16, "CharStorage": .int8,
        "ByteStorage": .uint8, "BoolStorage": .bool, "UntypedStorage": .uint8,
    ]

    static let unsupportedStorageTypes: Set<String> = [
        "ComplexFloatStorage", "ComplexDoubleStorage", "QInt8Storage", "QUInt8Storage", "QInt32Storage",
        "QUInt4x2Storage", "QUInt2x4Storage", "Float8_e4m3fnStorage", "Float8_e5m2Storage",
    ]

    static let dtypeNames: Set<String> = [
        "float32", "float", "float64", "double", "float16", "half", "bfloat16", "int64", "long", "int32", "int",
        "int16", "short", "int8", "uint8", "bool", "complex64", "complex128", "cfloat", "cdouble",
        "uint16", "uint32", "uint64", "float8_e4m3fn", "float8_e5m2", "qint8", "quint8", "qint32",
        "per_tensor_affine", "per_tensor_symmetric", "per_channel_affine", "per_channel_symmetric",
        "per_channel_affine_float_qparams", "strided", "sparse_coo",
    ]

    /// PyTorch Lightning before 1.5 keyed `callbacks` by the callback class itself, so
    /// full training checkpoints (such as LDM and InstructPix2Pix ones) mention these.
    static let lightningCallbackKeys: Set<PickleGlobal> = [
        PickleGlobal("pytorch_lightning.callbacks.model_checkpoint", "ModelCheckpoint"),
        PickleGlobal("pytorch_lightning.callbacks.lr_monitor", "LearningRateMonitor"),
        PickleGlobal("pytorch_lightning.callbacks.early_stopping", "EarlyStopping"),
        PickleGlobal("lightning.pytorch.callbacks.model_checkpoint", "ModelCheckpoint"),
    ]
}
