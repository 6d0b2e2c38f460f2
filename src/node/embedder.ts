/**
 * The Embedder: @langchain/core `Embeddings` over a local transformers.js feature-extraction
 * pipeline. Any model in the transformers.js layout loads the same way, ours or a hub model
 * such as `Xenova/multilingual-e5-small` (where the network allows it).
 *
 * @example
 * const embedder = new TransformersEmbedder({ model: 'hoidap-vi-static', localModelPath: '/srv/models' });
 * const [v] = await embedder.embedDocuments(['Chủ tịch nước thăm Chile']);
 */
import { Embeddings } from '@langchain/core/embeddings';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { normalizeForMatch } from '../text/normalize.js';

export interface EmbedderOptions {
  /** A model name under `localModelPath`, or a hub id when remote models are allowed. */
  model: string;
  /** Folder that holds local models (transformers.js `env.localModelPath`). */
  localModelPath?: string;
  /** Let transformers.js download from a model hub. Off by default: our machines are offline. */
  allowRemoteModels?: boolean;
  /** Prepended to questions, e.g. "query: " for the e5 family. */
  queryPrefix?: string;
  /** Prepended to passages, e.g. "passage: " for the e5 family. */
  passagePrefix?: string;
  /** ONNX weights to load: 'fp32' is onnx/model.onnx, 'q8' is onnx/model_quantized.onnx. */
  dtype?: 'fp32' | 'q8' | 'fp16';
  /** Texts per forward pass. */
  batchSize?: number;
  /**
   * How token vectors become one vector. Default: 'cls' for models that pool inside their graph
   * (config.json has `hoidap_static`: every position already holds the sentence vector, so
   * 'cls' gives the same vector as 'mean' at about half the cost: transformers.js's mean
   * pooling is a JS loop over batch × tokens × dimensions), 'mean' for every other model.
   */
  pooling?: 'mean' | 'cls';
}

/** Query/passage prefixes of well-known model families, used when the options give none. */
function defaultPrefixes(model: string): { query: string; passage: string } {
  if (/e5/i.test(model)) return { query: 'query: ', passage: 'passage: ' };
  return { query: '', passage: '' };
}

export class TransformersEmbedder extends Embeddings {
  readonly model: string;
  private readonly options: Required<Omit<EmbedderOptions, 'localModelPath' | 'pooling'>> &
    Pick<EmbedderOptions, 'localModelPath' | 'pooling'>;
  private extractor?: Promise<FeatureExtractionPipeline>;
  /** Decided when the model is loaded (see {@link EmbedderOptions.pooling}). */
  private pooling: 'mean' | 'cls' = 'mean';

  constructor(options: EmbedderOptions) {
    super({ maxConcurrency: 1 });
    const prefixes = defaultPrefixes(options.model);
    this.model = options.model;
    this.options = {
      allowRemoteModels: false,
      queryPrefix: prefixes.query,
      passagePrefix: prefixes.passage,
      dtype: 'fp32',
      batchSize: 64,
      ...options,
    };
  }

  /** Loads the model once; later calls share the same pipeline. */
  load(): Promise<FeatureExtractionPipeline> {
    this.extractor ??= this.createPipeline();
    return this.extractor;
  }

  private async createPipeline(): Promise<FeatureExtractionPipeline> {
    // Imported here, not at the top: compiling transformers.js takes about half a second, which
    // a server start overlaps with reading the index (see startRuntime), and a lexical-only
    // process never pays.
    const { env, pipeline } = await import('@huggingface/transformers');
    // transformers.js keeps these in one global `env`: a process serves one model, so this is
    // set once, here, from the configuration.
    env.allowRemoteModels = this.options.allowRemoteModels;
    if (this.options.localModelPath) env.localModelPath = this.options.localModelPath;
    try {
      const extractor = await pipeline('feature-extraction', this.model, { dtype: this.options.dtype });
      const pooledInGraph = (extractor.model.config as unknown as Record<string, unknown>)['hoidap_static'] !== undefined;
      this.pooling = this.options.pooling ?? (pooledInGraph ? 'cls' : 'mean');
      return extractor;
    } catch (error) {
      const where = this.options.localModelPath ? ` in ${this.options.localModelPath}` : '';
      throw new Error(
        `Cannot load the embedding model "${this.model}"${where}: ${(error as Error).message}. ` +
          'Set HOIDAP_MODEL to a folder in the transformers.js layout (config.json, tokenizer.json, onnx/model.onnx), ' +
          'or allow remote models with HOIDAP_ALLOW_REMOTE_MODELS=1 where a model hub is reachable.',
        { cause: error },
      );
    }
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embedPassages(texts)).map((v) => Array.from(v));
  }

  override async embedQuery(text: string): Promise<number[]> {
    return Array.from(await this.embedQuestion(text));
  }

  /** Unit-length vectors as Float32Arrays, without the number[] copies LangChain's interface needs. */
  async embedRaw(texts: string[]): Promise<Float32Array[]> {
    const extractor = await this.load();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.options.batchSize) {
      const batch = texts.slice(i, i + this.options.batchSize);
      const tensor = await extractor(batch, { pooling: this.pooling, normalize: true });
      const [rows, dims] = tensor.dims as [number, number];
      const data = tensor.data as Float32Array;
      for (let r = 0; r < rows; r++) out.push(data.slice(r * dims, (r + 1) * dims));
      tensor.dispose?.();
    }
    return out;
  }

  /** Passages as the index embeds them: the prefix, then normalized text. */
  embedPassages(texts: string[]): Promise<Float32Array[]> {
    return this.embedRaw(texts.map((t) => this.options.passagePrefix + normalizeForMatch(t)));
  }

  embedQuestion(text: string): Promise<Float32Array> {
    return this.embedRaw([this.options.queryPrefix + normalizeForMatch(text)]).then((v) => v[0]!);
  }
}
