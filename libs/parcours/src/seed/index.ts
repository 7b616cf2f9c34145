export * from './generator';
export * from './niss';
export * from './prng';
export * from './side-tables';
export * from './writer';
