export * from './deadline-segments';
export * from './parcours-read.entity';
export * from './parcours-read.projection';
export * from './parcours-row';
export * from './personal-data-erasure';
export * from './search-text';
export * from './sql';
export * from './cri-counts';
