export * from './contract.js';
export * from './registry.js';
