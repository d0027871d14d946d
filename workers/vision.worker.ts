import { expose } from 'comlink';
import { visionApi } from '../src/vision/vision-api';

expose(visionApi);
