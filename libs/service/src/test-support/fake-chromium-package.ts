import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliCompress } from 'node:zlib';
import { pack } from 'tar-fs';

/** The script that stands for the browser binary in a fake package: it prints its arguments. */
export const FAKE_CHROMIUM_SCRIPT = '#!/bin/sh\necho "fake chromium $*"\n';

/**
 * Writes a package laid out like `@sparticuz/chromium` (package.json, bin/chromium.br, bin/al2023.tar.br with
 * lib/, bin/fonts.tar.br with fonts.conf and fonts/), small enough to unpack many times in tests.
 */
export async function writeFakeChromiumPackage(packageDir: string, version = '1.0.0-test'): Promise<void> {
  const bin = path.join(packageDir, 'bin');
  await mkdir(bin, { recursive: true });
  await writeFile(
    path.join(packageDir, 'package.json'),
    JSON.stringify({ name: '@sparticuz/chromium', version }),
  );
  await pipeline(
    Readable.from([FAKE_CHROMIUM_SCRIPT]),
    createBrotliCompress(),
    createWriteStream(path.join(bin, 'chromium.br')),
  );
  await brotliTar(path.join(bin, 'al2023.tar.br'), { 'lib/libnss3.so': 'not a real library' });
  await brotliTar(path.join(bin, 'fonts.tar.br'), {
    'fonts.conf': '<fontconfig><dir>/tmp/fonts</dir></fontconfig>',
    'fonts/Open_Sans/OpenSans-Regular.ttf': 'not a real font',
  });
}

async function brotliTar(file: string, entries: Record<string, string>): Promise<void> {
  const source = await mkdtemp(`${file}.src-`);
  try {
    for (const [name, text] of Object.entries(entries)) {
      await mkdir(path.dirname(path.join(source, name)), { recursive: true });
      await writeFile(path.join(source, name), text);
    }
    await pipeline(pack(source), createBrotliCompress(), createWriteStream(file));
  } finally {
    await rm(source, { recursive: true, force: true });
  }
}
