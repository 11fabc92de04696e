import { persistenceSuite } from '../testing/suites/persistence.suite.js';
import { MemoryPersistence } from './memory-persistence.js';

persistenceSuite('MemoryPersistence', () => new MemoryPersistence());
