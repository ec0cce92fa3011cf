export * from './dihedral.ts';
export { isPdqHash, pdqHammingDistance, EMPTY_PDQ_HASH } from './hash-text.ts';
export * from './hasher.ts';
