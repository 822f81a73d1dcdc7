/**
 * LAME and Vorbis from wasm-media-encoders, each compiled once per thread from the package's own .wasm file.
 * The package's createMp3Encoder()/createOggEncoder() fetch an embedded data: URL and compile it again for
 * every encoder: the fetch loads Node's HTTP client into the thread (~0.1 s in a fresh worker), and each
 * compile costs milliseconds more. Where the files cannot be read (a bundle that left them out), the embedded
 * copies serve as before.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

type Codec = "mp3" | "ogg";

/** The encoders' module (its WebAssembly is also embedded: ~10 MB), loaded when a lossy file is first written. */
const library = () => import("wasm-media-encoders");

/** A compiled module, as the library takes it (the ES libraries configured here do not declare WebAssembly). */
type CompiledModule = object;

const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledModule> } })
  .WebAssembly;

const compiled = new Map<Codec, Promise<CompiledModule | undefined>>();

/** The codec's compiled module, undefined when its file cannot be read or compiled. */
function compiledModule(codec: Codec): Promise<CompiledModule | undefined> {
  let module = compiled.get(codec);
  if (!module) {
    module = (async () => {
      try {
        const path = createRequire(import.meta.url).resolve(`wasm-media-encoders/wasm/${codec}`);
        return await wasm.compile(await readFile(path));
      } catch {
        return undefined;
      }
    })();
    compiled.set(codec, module);
  }
  return module;
}

// a module that compiled but does not instantiate (a file from another version of the library) also falls back
export async function createMp3Encoder() {
  const [lib, module] = await Promise.all([library(), compiledModule("mp3")]);
  return (module && (await lib.createEncoder("audio/mpeg", module).catch(() => undefined))) || lib.createMp3Encoder();
}

export async function createOggEncoder() {
  const [lib, module] = await Promise.all([library(), compiledModule("ogg")]);
  return (module && (await lib.createEncoder("audio/ogg", module).catch(() => undefined))) || lib.createOggEncoder();
}

/** Loads the library and compiles both codecs now (a fresh encoder worker, before its first request). */
export function prepareCodecs(): void {
  void library().catch(() => {});
  void compiledModule("mp3");
  void compiledModule("ogg");
}
