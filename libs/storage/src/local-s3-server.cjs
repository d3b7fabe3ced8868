'use strict';
// The tests' S3-compatible server: s3rver, patched in this process where it differs from S3 in ways the
// store's contract relies on. Started by local-s3.ts as
//   node --openssl-legacy-provider local-s3-server.cjs <s3rver main> <data directory> <bucket>
// and prints `{"port":N}` once listening. The patches:
// - `x-amz-copy-source` is percent-decoded fully (s3rver's `decodeURI` leaves `%3D`, `%2B`, ... encoded);
// - an object and its metadata are replaced through temp files and renames (s3rver rewrites them in place,
//   so concurrent puts could leave a mix of bodies);
// - requests on one key take turns (reads included), so a GET's ETag is the ETag of the body it returns;
// - conditional writes as S3 answers them (s3rver ignores the headers): PutObject and CopyObject with
//   `If-None-Match: *` answer 412 PreconditionFailed when the key exists, with `If-Match` 412 when the ETag
//   differs and 404 NoSuchKey when there is no object; another `If-None-Match` value is 501 NotImplemented.
//   The precondition is evaluated when the upload has arrived, so of two racing writers the first to finish
//   wins; a conditional upload during which the object was deleted answers 409 ConditionalRequestConflict.
const crypto = require('node:crypto');
const fsp = require('node:fs/promises');
const path = require('node:path');

const [s3rverPath, directory, bucket] = process.argv.slice(2);
const lib = path.dirname(s3rverPath);
const S3rver = require(s3rverPath);
const objects = require(path.join(lib, 'controllers', 'object.js'));
const FilesystemStore = require(path.join(lib, 'stores', 'filesystem.js'));
const S3Object = require(path.join(lib, 'models', 'object.js'));
const S3Error = require(path.join(lib, 'models', 'error.js'));

// --- one key at a time ---------------------------------------------------------------------------------

const tails = new Map();

function lockOne(id) {
  const previous = tails.get(id) || Promise.resolve();
  let release;
  const mine = new Promise((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  tails.set(id, tail);
  return previous.then(() => () => {
    release();
    if (tails.get(id) === tail) tails.delete(id);
  });
}

/** Runs `run` holding the locks of `ids`, taken in sorted order so two copies A->B and B->A cannot deadlock. */
async function withKeys(ids, run) {
  const releases = [];
  try {
    for (const id of [...new Set(ids)].sort()) releases.push(await lockOne(id));
    return await run();
  } finally {
    for (const release of releases.reverse()) release();
  }
}

const objectId = (bucketName, key) => `${bucketName}/${key}`;

// --- conditional writes ----------------------------------------------------------------------------------

function s3Error(code, message, status, detail) {
  const error = new S3Error(code, message, detail);
  // s3rver's status table lacks some of S3's codes (ConditionalRequestConflict).
  error.status = status;
  error.expose = true;
  return error;
}

const unquote = (tag) =>
  tag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');

/** The destination preconditions of a write, or undefined; 501 for what S3 does not implement either. */
function readCondition(headers) {
  const noneMatch = headers['if-none-match'];
  const match = headers['if-match'];
  if (noneMatch !== undefined && noneMatch.trim() !== '*') {
    throw s3Error(
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      501,
      { Header: 'If-None-Match' },
    );
  }
  if (noneMatch === undefined && match === undefined) return undefined;
  return { noneMatch: noneMatch !== undefined, match: match === undefined ? undefined : match.split(',') };
}

async function checkCondition(store, bucketName, key, condition) {
  const exists = await store.existsObject(bucketName, key);
  if (condition.noneMatch && exists) {
    throw s3Error(
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
      {
        Condition: 'If-None-Match',
      },
    );
  }
  if (condition.match === undefined) return;
  if (!exists) throw s3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
  const current = unquote((await store.getMetadata(bucketName, key)).etag);
  if (!condition.match.some((tag) => tag.trim() === '*' || unquote(tag) === current)) {
    throw s3Error(
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
      {
        Condition: 'If-Match',
      },
    );
  }
}

// Conditional uploads in progress, per object: a delete that succeeds meanwhile makes them answer 409.
const uploading = new Map();

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

objects.putObject = async (ctx) => {
  const { bucket: bucketName, key } = ctx.params;
  const id = objectId(bucketName, key);
  const condition = readCondition(ctx.headers);
  const upload = { conflicted: false };
  if (!uploading.has(id)) uploading.set(id, new Set());
  uploading.get(id).add(upload);
  try {
    const object = new S3Object(bucketName, key, await readAll(ctx.req), ctx.headers);
    await withKeys([id], async () => {
      if (condition !== undefined && upload.conflicted) {
        throw s3Error(
          'ConditionalRequestConflict',
          'The conditional request cannot succeed due to a conflicting operation against this resource.',
          409,
          { Key: key },
        );
      }
      if (condition !== undefined) await checkCondition(ctx.store, bucketName, key, condition);
      const { md5 } = await ctx.store.putObject(object);
      ctx.etag = md5;
      ctx.body = '';
    });
  } finally {
    uploading.get(id).delete(upload);
    if (uploading.get(id).size === 0) uploading.delete(id);
  }
};

const putObjectCopy = objects.putObjectCopy;
objects.putObjectCopy = async (ctx) => {
  const header = ctx.headers['x-amz-copy-source'];
  if (typeof header === 'string') ctx.headers['x-amz-copy-source'] = encodeURI(decodeURIComponent(header));
  const source = decodeURIComponent(header).replace(/^\//, '');
  const id = objectId(ctx.params.bucket, ctx.params.key);
  const condition = readCondition(ctx.headers);
  await withKeys([id, source], async () => {
    if (condition !== undefined)
      await checkCondition(ctx.store, ctx.params.bucket, ctx.params.key, condition);
    await putObjectCopy(ctx);
  });
};

const getObject = objects.getObject;
objects.getObject = (ctx) => withKeys([objectId(ctx.params.bucket, ctx.params.key)], () => getObject(ctx));

const deleteObject = objects.deleteObject;
objects.deleteObject = (ctx) => {
  const id = objectId(ctx.params.bucket, ctx.params.key);
  return withKeys([id], async () => {
    const existed = await ctx.store.existsObject(ctx.params.bucket, ctx.params.key);
    await deleteObject(ctx);
    if (existed) for (const upload of uploading.get(id) || []) upload.conflicted = true;
  });
};

// --- atomic replacement of an object and its metadata ------------------------------------------------------

async function writeAtomically(file, data) {
  const temp = `${file}.${crypto.randomBytes(8).toString('hex')}.tmp`;
  await fsp.writeFile(temp, data);
  await fsp.rename(temp, file);
}

FilesystemStore.prototype.putObject = async function (object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fsp.mkdir(path.dirname(objectPath), { recursive: true });
  const content = Buffer.isBuffer(object.content) ? object.content : await readAll(object.content);
  const md5 = crypto.createHash('md5').update(content).digest('hex');
  await writeAtomically(objectPath, content);
  await this.putMetadata(object.bucket, object.key, object.metadata, md5);
  return { size: content.length, md5 };
};

FilesystemStore.prototype.putMetadata = async function (bucketName, key, metadata, md5) {
  const json = {};
  for (const [name, value] of Object.entries(metadata)) {
    if (S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')) json[name] = value;
  }
  if (md5) await writeAtomically(this.getResourcePath(bucketName, key, 'object.md5'), md5);
  await writeAtomically(
    this.getResourcePath(bucketName, key, 'metadata.json'),
    JSON.stringify(json, null, 2),
  );
};

// --- run ---------------------------------------------------------------------------------------------------

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
const stop = () =>
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
server.run().then(
  (address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`),
  (error) => {
    process.stderr.write(`${String((error && error.stack) || error)}\n`);
    process.exit(1);
  },
);
