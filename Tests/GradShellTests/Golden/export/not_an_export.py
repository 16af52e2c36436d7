print('my own script')
