/// One training step: forward, fused loss, backward, then the lane gradients are added in
/// lane order and the optimizer updates the parameters, each lane a disjoint range.
extension Engine {
    /// What a batch contributed to the epoch's metrics.
    struct StepResult {
        var weightedLoss: Double
        var correct: Int
    }

    /// Trains on the samples `indices` of `x` (rows of `network.inputSize`) with `labels`.
    /// `labelsOfBatch` are the labels of `indices` in order.
    func trainStep(indices: UnsafeBufferPointer<Int>, x: UnsafePointer<Float>, labelsOfBatch: UnsafePointer<Int32>,
                   classWeights: UnsafePointer<Float>, optimizer: Optimizer, loss: StepLoss = .crossEntropy) -> StepResult {
        precondition(indices.count <= capacity * lanes)
        split(indices.count)
        training = true
        step += 1
        optimizer.step += 1
        fakeQuant?.beginPass(parameters: parameters.pointer)
        defer { fakeQuant?.endTrainingStep() }
        var weightTotal: Float = 0
        for i in 0..<indices.count { weightTotal += classWeights[Int(labelsOfBatch[i])] }
        let classes = network.nodeSizes[logitsNode]
        let total = weightTotal
        var losses = [Double](repeating: 0, count: lanes)
        var correct = [Int](repeating: 0, count: lanes)
        let parameterCount = network.parameterCount
        losses.withUnsafeMutableBufferPointer { lossBuffer in
            correct.withUnsafeMutableBufferPointer { correctBuffer in
                let lossPointer = lossBuffer.baseAddress!, correctPointer = correctBuffer.baseAddress!
                team.run { lane in
                    let workspace = self.workspaces[lane]
                    self.gather(lane: lane, indices: indices, x: x)
                    self.forward(lane: lane, layers: self.logitsNode)
                    let logits = workspace.values[self.logitsNode].pointer, gradient = workspace.gradients[self.logitsNode].pointer
                    let labels = labelsOfBatch + self.shardStart[lane], rows = self.shardCount[lane]
                    let result: (weightedLoss: Double, correct: Int)
                    switch loss {
                    case .crossEntropy:
                        result = SoftmaxCrossEntropy.apply(
                            logits: logits, labels: labels, rows: rows, classes: classes, classWeights: classWeights,
                            weightTotal: total, gradient: gradient)
                    case .distillation(let targets):
                        result = DistillationLoss.apply(
                            logits: logits, labels: labels, samples: indices.baseAddress! + self.shardStart[lane], rows: rows,
                            classes: classes, targets: targets, classWeights: classWeights, weightTotal: total, gradient: gradient)
                    }
                    lossPointer[lane] = result.weightedLoss
                    correctPointer[lane] = result.correct
                    self.backward(lane: lane)
                    self.team.barrier()
                    // Sum the lanes' gradients into lane 0's buffer and update, over this lane's range.
                    let range = (lane * parameterCount / self.lanes)..<((lane + 1) * parameterCount / self.lanes)
                    let sum = self.workspaces[0].parameterGradients.pointer
                    for other in 1..<self.lanes {
                        let part = self.workspaces[other].parameterGradients.pointer
                        for i in range { sum[i] += part[i] }
                    }
                    // Frozen parameters (fine-tuning some layers only) are not updated at all.
                    for part in self.trainable.map({ $0.map(range.clamped(to:)) }) ?? [range] where !part.isEmpty {
                        if let mask = self.mask?.pointer {
                            for i in part { sum[i] *= mask[i] }
                            optimizer.update(part, parameters: self.parameters.pointer, gradients: sum)
                            // Adam's moments would move a pruned weight again: the mask keeps it at 0.
                            let w = self.parameters.pointer
                            for i in part { w[i] *= mask[i] }
                        } else {
                            optimizer.update(part, parameters: self.parameters.pointer, gradients: sum)
                        }
                    }
                }
            }
        }
        return StepResult(weightedLoss: losses.reduce(0, +), correct: correct.reduce(0, +))
    }

    /// Forward, loss and backward over the batch on all lanes, without an update: the mean
    /// (class-weighted) loss and the parameter gradients summed over the lanes, for
    /// gradient checks.
    func gradients(indices: [Int], x: UnsafePointer<Float>, labelsOfBatch: [Int32], classWeights: [Float])
        -> (loss: Double, gradients: [Float]) {
        split(indices.count)
        training = true
        fakeQuant?.beginPass(parameters: parameters.pointer)
        let weightTotal = labelsOfBatch.reduce(Float(0)) { $0 + classWeights[Int($1)] }
        let classes = network.nodeSizes[logitsNode]
        var losses = [Double](repeating: 0, count: lanes)
        indices.withUnsafeBufferPointer { indexBuffer in
            labelsOfBatch.withUnsafeBufferPointer { labelBuffer in
                classWeights.withUnsafeBufferPointer { weightBuffer in
                    losses.withUnsafeMutableBufferPointer { lossBuffer in
                        let lossPointer = lossBuffer.baseAddress!
                        team.run { lane in
                            let workspace = self.workspaces[lane]
                            self.gather(lane: lane, indices: indexBuffer, x: x)
                            self.forward(lane: lane, layers: self.logitsNode)
                            lossPointer[lane] = SoftmaxCrossEntropy.apply(
                                logits: workspace.values[self.logitsNode].pointer,
                                labels: labelBuffer.baseAddress! + self.shardStart[lane], rows: self.shardCount[lane],
                                classes: classes, classWeights: weightBuffer.baseAddress!, weightTotal: weightTotal,
                                gradient: workspace.gradients[self.logitsNode].pointer).weightedLoss
                            self.backward(lane: lane)
                        }
                    }
                }
            }
        }
        var sum = [Float](repeating: 0, count: network.parameterCount)
        for lane in 0..<lanes {
            let part = workspaces[lane].parameterGradients.pointer
            for i in sum.indices { sum[i] += part[i] }
        }
        return (losses.reduce(0, +) / Double(weightTotal), sum)
    }
}
