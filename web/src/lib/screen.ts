// Whether the screen is a phone's (the width at which style.css and the pages fold their layout),
// for the layouts a stylesheet cannot change (the number of columns of a description list).
import { ref } from 'vue'

export const PHONE_QUERY = '(max-width: 600px)'

const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(PHONE_QUERY) : null

export const narrowScreen = ref(query?.matches ?? false)
query?.addEventListener('change', (e) => { narrowScreen.value = e.matches })
