export * from './parcours-facts';
export * from './sanction.commands';
export * from './decide';
export * from './sanction.errors';
export * from './sanction.events';
export * from './sanction.state';
