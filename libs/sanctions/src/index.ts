export * from './domain';
export * from './messages/errors.fr';
