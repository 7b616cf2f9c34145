export * from './domain';
export * from './read-models';
export * from './messages/errors.fr';
export * from './reference/niss';
export * from './reference/countries-languages';
