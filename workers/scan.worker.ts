import { expose } from 'comlink';
import { scanApi } from '../src/library/scan-api';

expose(scanApi);
