import { expose } from 'comlink';
import { imagingApi } from '../src/imaging/imaging-api';

expose(imagingApi);
