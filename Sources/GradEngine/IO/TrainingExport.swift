/// A training run as a PyTorch training script, ready for `torchrun`.
///
/// The script does not rebuild the model itself: it loads the model export
/// (`PyTorchExport`, written beside it) for `build()`, the weights and
/// `to_gradlab()`, so the two exports cannot drift apart. It reads the data
/// from a GradLab CSV written beside it and trains with the run's optimizer,
/// loss, clipping, penalties, batch size, epochs, shuffling and validation
/// data; see docs/scale-out.md.
struct TrainingExport<Scalar: EngineScalar> {
    /// The file names the script refers to, relative to its own directory.
    struct Files {
        var model: String
        var data: String
        var validation: String?
        var order: String?
        var trained: String
    }

    /// The script for `setup` (the loss already resolved to the run's).
    static func script(
        setup: RunSetup<Scalar>, network: Network<Scalar>, loss: Loss, weights: String,
        files: Files, version: String
    ) throws(EngineError) -> String {
        let options = setup.options
        let layers = try PyTorchExport<Scalar>.layerKeys(of: network).map {
            "(\(pythonString($0.name)), \(pythonString($0.key)))"
        }
        let data = setup.data
        let targets: String
        let targetColumns: Int
        switch data.targets {
        case .classes(_, let k):
            targetColumns = 1
            targets =
                "TARGETS = \"classes\"\nCLASSES = \(k)\nCLASS_NAMES = \(pythonList(data.classNames.map(pythonString)))\nCLASSES_BY_NAME = \(CSVWriter.writesClassNames(data) ? "True" : "False")"
        case .values(let y):
            targetColumns = y.columns
            targets =
                "TARGETS = \"values\"\nCLASSES = 0\nCLASS_NAMES = []\nCLASSES_BY_NAME = False"
        }
        let columnsText =
            targetColumns == 1
            ? "the target column is the last" : "the \(targetColumns) target columns are the last"
        let clipNorm: String
        let clipValue: String
        switch options.clipping {
        case .norm(let c)?: (clipNorm, clipValue) = ("\(c)", "None")
        case .value(let c)?: (clipNorm, clipValue) = ("None", "\(c)")
        case nil: (clipNorm, clipValue) = ("None", "None")
        }
        let validation = files.validation.map(pythonString) ?? "None"
        let fromLogits = loss.fromLogits.map { $0 ? "True" : "False" } ?? "None"
        var out = """
            # A GradLab training run exported to PyTorch by GradLab \(version).
            # The model starts from the run's \(weights) weights; the settings below are the run's.
            #
            #   python3 this.py                          # trains on one process
            #   torchrun --nproc_per_node 2 this.py      # the same run on 2 processes (DDP, gloo, CPU)
            #   python3 this.py --data more.csv          # other data with the same columns
            \(usage("python3 this.py --order \(files.order ?? "order.json")", "GradLab's sample order, one list per epoch"))
            #   python3 this.py --out trained.json       # where the trained model goes (GradLab's load())
            #
            # On several machines, the same command on each (HOST: one of them, the same for all;
            # the data at the same path on each, or --data):
            #   torchrun --nnodes 2 --nproc_per_node 4 --rdzv-backend c10d --rdzv-endpoint HOST:29500 this.py
            #
            # Several processes keep the run's batches: a DistributedSampler (RunSampler below)
            # splits every batch of BATCH samples between the N processes, process r taking the
            # batch's samples r, r + N, r + 2N, ..., and each process's loss is weighted so that
            # DistributedDataParallel's average of the gradients is the whole batch's mean.
            import argparse
            import importlib.util
            import json
            import os

            try:
                import torch
                import torch.distributed as dist
                from torch import nn
                from torch.nn import functional as F
                from torch.utils.data import DistributedSampler
            except ImportError as error:
                raise SystemExit(
                    "%s needs PyTorch (pip install torch): %s" % (os.path.basename(__file__), error)
                )

            HERE = os.path.dirname(os.path.abspath(__file__))

            # The model export (build(), the weights, to_gradlab()), the data and the trained model.
            MODEL_FILE = \(pythonString(files.model))
            DATA_FILE = \(pythonString(files.data))
            VALIDATION_FILE = \(validation)
            TRAINED_FILE = \(pythonString(files.trained))

            # The data: \(data.count) samples of \(data.features) features; \(columnsText).
            FEATURES = \(data.features)
            TARGET_COLUMNS = \(targetColumns)
            \(targets)

            # The run's settings.
            LOSS = \(pythonString(pythonLoss(loss)))
            FROM_LOGITS = \(fromLogits)
            CLIP_RANGE = (\(Double(Loss.clipRange.lowerBound)), \(Double(Loss.clipRange.upperBound)))  # Keras's: probabilities are clipped to it
            EPOCHS = \(options.epochs)
            BATCH = \(min(options.batchSize, max(data.count, 1)))
            SHUFFLE = \(options.shuffle ? "True" : "False")
            SEED = 0  # DistributedSampler's shuffle seed (plus the epoch); GradLab's order: --order
            CLIP_NORM = \(clipNorm)
            CLIP_VALUE = \(clipValue)
            L1 = \(options.l1)
            L2 = \(options.l2)

            # The layers with weights: GradLab's name, and the module's key in build()'s model.
            LAYERS = \(pythonList(layers))


            def make_optimizer(parameters):
                \"\"\"The run's optimizer, with its settings.\"\"\"
                \(try optimizerLine(setup.optimizer))



            """
        out += body
        return out
    }

    /// A usage line of the script's opening comment: the command, then the
    /// comment in the column the other lines' comments start at.
    private static func usage(_ command: String, _ comment: String) -> String {
        let gap = String(repeating: " ", count: max(1, 41 - command.count))
        return "#   \(command)\(gap)# \(comment)"
    }

    /// The `return torch.optim...` line of `make_optimizer`, with GradLab's settings.
    private static func optimizerLine(_ kind: Optimizer<Scalar>.Kind) throws(EngineError) -> String
    {
        switch kind {
        case .sgd(let lr, let momentum, let nesterov):
            return
                "return torch.optim.SGD(parameters, lr=\(lr), momentum=\(momentum), nesterov=\(nesterov ? "True" : "False"))"
        case .adam(let lr, let b1, let b2, let eps):
            return "return torch.optim.Adam(parameters, lr=\(lr), betas=(\(b1), \(b2)), eps=\(eps))"
        case .adamW(let lr, let b1, let b2, let eps, let wd):
            return
                "return torch.optim.AdamW(parameters, lr=\(lr), betas=(\(b1), \(b2)), eps=\(eps), weight_decay=\(wd))"
        case .rmsprop(let lr, let alpha, let eps):
            return "return torch.optim.RMSprop(parameters, lr=\(lr), alpha=\(alpha), eps=\(eps))"
        case .adagrad(let lr, let eps, let initial):
            return
                "return torch.optim.Adagrad(parameters, lr=\(lr), eps=\(eps), initial_accumulator_value=\(initial))"
        case .adadelta(let lr, let rho, let eps):
            return "return torch.optim.Adadelta(parameters, lr=\(lr), rho=\(rho), eps=\(eps))"
        case .adamax(let lr, let b1, let b2, let eps):
            return
                "return torch.optim.Adamax(parameters, lr=\(lr), betas=(\(b1), \(b2)), eps=\(eps))"
        case .nadam(let lr, let b1, let b2, let eps, let decay):
            return
                "return torch.optim.NAdam(parameters, lr=\(lr), betas=(\(b1), \(b2)), eps=\(eps), momentum_decay=\(decay))"
        }
    }

    /// The loss's name as `data_loss` and `correct_count` in the script's body
    /// test it; a new loss must be written there too (the compiler asks here).
    private static func pythonLoss(_ loss: Loss) -> String {
        switch loss {
        case .mse: "mse"
        case .mae: "mae"
        case .crossEntropy: "cross_entropy"
        case .binaryCrossEntropy: "bce"
        }
    }

    private static func pythonString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    private static func pythonList(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    /// The part of the script that does not depend on the run.
    private static var body: String {
        TrainingExportBody.text
    }
}
