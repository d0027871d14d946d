import { expose } from 'comlink';
import { folderApi } from '../src/catalog/folder-api';

expose(folderApi);
