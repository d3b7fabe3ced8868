import type * as tf from '@tensorflow/tfjs';
import type { LayerSpec, NetworkSpec } from './network';
import { Activation } from './program';

const GATE_ACTIVATIONS: Record<string, number> = {
  sigmoid: Activation.sigmoid,
  hardSigmoid: Activation.hardSigmoid,
};
const DENSE_ACTIVATIONS: Record<string, number> = {
  linear: Activation.linear,
  relu: Activation.relu,
  tanh: Activation.tanh,
  sigmoid: Activation.sigmoid,
};

/** Config fields that must be empty (null/undefined) for the fast path: it implements none of them. */
const UNSUPPORTED_EXTRAS = [
  'kernelRegularizer',
  'recurrentRegularizer',
  'biasRegularizer',
  'activityRegularizer',
  'kernelConstraint',
  'recurrentConstraint',
  'biasConstraint',
];

/**
 * Reads a tfjs model into the layer stack the fast training path runs, or says why it cannot: a single
 * chain input [window, features] -> LSTM/GRU layers (every one but the last returning sequences; tanh
 * activation, sigmoid or hardSigmoid gates, bias, no dropout, regularizers, constraints, state or reversal)
 * -> Dense layers (linear, relu, tanh or sigmoid, with bias), all trainable, float32.
 */
export function describeFastNetwork(model: tf.LayersModel): NetworkSpec | string {
  const spec = describeNetwork(model, 'train');
  if (typeof spec === 'string') return spec;
  if (spec.flatten) return 'a flattened window (no recurrent layer) is trained by stock tfjs';
  return spec;
}

/**
 * Reads a tfjs model into the layer stack the fast forward pass runs, or says why it cannot: the chains
 * `describeFastNetwork` accepts (frozen layers included: predicting ignores trainability), and
 * input [window, features] -> Flatten -> Dense layers.
 */
export function describeForwardNetwork(model: tf.LayersModel): NetworkSpec | string {
  return describeNetwork(model, 'predict');
}

function describeNetwork(model: tf.LayersModel, purpose: 'train' | 'predict'): NetworkSpec | string {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    return 'the model has several inputs or outputs';
  const shape = model.inputs[0].shape;
  if (shape.length !== 3 || typeof shape[1] !== 'number' || typeof shape[2] !== 'number') {
    return `input shape [${shape.join(', ')}] is not [batch, window, features]`;
  }
  if (model.inputs[0].dtype !== 'float32') return `input dtype ${model.inputs[0].dtype} is not float32`;
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const flatten = layers[0]?.getClassName() === 'Flatten';
  const specs: LayerSpec[] = [];
  let previous: tf.layers.Layer | undefined;
  let sequence = !flatten;
  for (const layer of layers) {
    if (!followsChain(layer, previous)) return `layer '${layer.name}' is not part of a single chain`;
    if (purpose === 'train' && !layer.trainable) return `layer '${layer.name}' is frozen`;
    previous = layer;
    if (flatten && layer === layers[0]) {
      // channelsFirst would flatten [features, window] instead of [window, features].
      if (layer.getConfig()['dataFormat'] === 'channelsFirst') return `layer '${layer.name}': channelsFirst`;
      continue;
    }
    const spec = describeLayer(layer, sequence);
    if (typeof spec === 'string') return `layer '${layer.name}': ${spec}`;
    if (spec.kind !== 'dense') sequence = spec.returnSequences;
    specs.push(spec);
  }
  const recurrent = specs.filter((s) => s.kind !== 'dense').length;
  if (specs.length === 0 || specs[specs.length - 1].kind !== 'dense' || (recurrent === 0 && !flatten)) {
    return 'the model is not recurrent layers (or a Flatten) followed by dense layers';
  }
  if (specs.slice(0, recurrent).some((s) => s.kind === 'dense'))
    return 'a dense layer sits between recurrent layers';
  return { window: shape[1], featureCount: shape[2], flatten, layers: specs };
}

function followsChain(layer: tf.layers.Layer, previous: tf.layers.Layer | undefined): boolean {
  if (layer.inboundNodes.length !== 1) return false;
  const inbound = layer.inboundNodes[0].inboundLayers;
  if (inbound.length !== 1) return false;
  return previous === undefined ? inbound[0].getClassName() === 'InputLayer' : inbound[0] === previous;
}

function describeLayer(layer: tf.layers.Layer, inputIsSequence: boolean): LayerSpec | string {
  const config = layer.getConfig();
  const kind = layer.getClassName();
  for (const field of UNSUPPORTED_EXTRAS) {
    if (config[field] != null) return `${field} is not supported`;
  }
  if (config['useBias'] === false) return 'layers without bias are not supported';
  if (config['dtype'] !== undefined && config['dtype'] !== 'float32')
    return `dtype ${String(config['dtype'])}`;
  if (kind === 'LSTM' || kind === 'GRU') {
    if (!inputIsSequence) return 'a recurrent layer needs a sequence input';
    if (config['activation'] !== 'tanh') return `activation '${String(config['activation'])}' is not tanh`;
    const gate = GATE_ACTIVATIONS[String(config['recurrentActivation'])];
    if (gate === undefined) return `recurrentActivation '${String(config['recurrentActivation'])}'`;
    if (Number(config['dropout'] ?? 0) !== 0 || Number(config['recurrentDropout'] ?? 0) !== 0)
      return 'dropout';
    for (const flag of ['returnState', 'goBackwards', 'stateful', 'resetAfter']) {
      if (config[flag] === true) return `${flag} is not supported`;
    }
    const units = Number(config['units']);
    return {
      kind: kind === 'LSTM' ? 'lstm' : 'gru',
      units,
      returnSequences: config['returnSequences'] === true,
      recurrentActivation: gate,
    };
  }
  if (kind === 'Dense') {
    if (inputIsSequence) return 'a dense layer on a sequence (time-distributed) is not supported';
    const activation = DENSE_ACTIVATIONS[String(config['activation'])];
    if (activation === undefined) return `activation '${String(config['activation'])}'`;
    return { kind: 'dense', units: Number(config['units']), activation };
  }
  return `${kind} layers are not supported`;
}
