// Entry point: mounts the app shell; every route loads its own chunk on demand.
/// <reference types="vite-plugin-pwa/client" />
import { mount } from 'svelte';
import App from './App.svelte';
import './ui/app.css';

mount(App, { target: document.getElementById('app')! });

// Offline: the service worker (vite-plugin-pwa, generateSW) precaches the whole app. Its
// registration code loads after the page, so it costs the first load nothing.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  addEventListener('load', () => {
    void import('virtual:pwa-register').then(({ registerSW }) => registerSW({ immediate: true }));
  });
}
