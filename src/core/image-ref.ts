import { UserError } from './errors.js';

/**
 * An image reference as the engine's reference grammar reads it (distribution/reference):
 * `[host[:port]/]path[:tag][@sha256:digest]`, or an image id.
 */
export interface ImageRef {
  /** The registry host and port, when the first component names one (it holds a dot or a colon, or is localhost). */
  domain?: string;
  /** The repository path, such as functracer/hello or library/debian. */
  path: string;
  tag?: string;
  digest?: string;
  /** True for an image id (64 hex digits, with or without sha256:), which names no repository. */
  id?: true;
}

// The pieces of distribution/reference's regexp.go, as the engine applies them.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = 'sha256:[a-f0-9]{64}';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{64}$/;

/** The engine refuses longer repository names. */
const NAME_MAX = 255;

const HINT = 'An image is [registry[:port]/]name[/name…][:tag][@sha256:digest], such as functracer/hello or debian:12';

/**
 * The reference, or a UserError saying what is wrong with it. Every image name that reaches the engine passes
 * here first: a name such as ../../host:port/x would otherwise walk out of the engine's URL.
 */
export function parseImageRef(text: string): ImageRef {
  if (IMAGE_ID.test(text)) return { path: text.replace(/^sha256:/, ''), id: true };
  const problem = quickProblem(text);
  if (problem) throw new UserError(problem.message, problem.hint);
  const m = REFERENCE.exec(text);
  if (!m) throw new UserError(`${JSON.stringify(text)} is not an image name`, HINT);
  const [, first, rest, tag, digest] = m;
  // As the engine splits it: a first component without a dot or colon, other than localhost, is part of the path.
  const isDomain = first !== undefined && (/[.:]/.test(first) || first === 'localhost');
  const domain = isDomain ? first : undefined;
  const path = first !== undefined && !isDomain ? `${first}/${rest!}` : rest!;
  if ((domain ? `${domain}/${path}` : path).length > NAME_MAX) {
    throw new UserError(`the image name is longer than the engine's ${NAME_MAX} characters`, HINT);
  }
  return { path, ...(domain ? { domain } : {}), ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export function isValidImageRef(text: string): boolean {
  try {
    parseImageRef(text);
    return true;
  } catch {
    return false;
  }
}

/** The mistakes people make, named, before the grammar's plain "not an image name". */
function quickProblem(text: string): { message: string; hint: string } | undefined {
  if (text.trim() === '') return { message: 'the image name is empty', hint: 'Give an image such as functracer/hello' };
  if (/\s/.test(text)) return { message: `the image name ${JSON.stringify(text)} holds a space`, hint: HINT };
  const path = text.replace(/^[^/]*[.:][^/]*\//, '').replace(/[:@].*$/, '');
  if (/[A-Z]/.test(path)) {
    return { message: `the image name ${JSON.stringify(text)} has capitals`, hint: `Image names are lowercase: ${text.toLowerCase()}` };
  }
  return undefined;
}
