// Entry point: mounts the app shell; every route loads its own chunk on demand.
import { mount } from 'svelte';
import App from './App.svelte';
import './ui/app.css';

mount(App, { target: document.getElementById('app')! });
