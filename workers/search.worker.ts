import { expose } from 'comlink';
import { searchApi } from '../src/search/search-api';

expose(searchApi);
