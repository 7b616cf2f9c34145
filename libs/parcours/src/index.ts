export * from './domain';
export * from './read-models';
export * from './messages/errors.fr';
