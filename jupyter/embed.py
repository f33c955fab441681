# Writes Sources/gradbook/KernelFiles.swift from gradbook_kernel/ (the kernel files `gradbook jupyter install` writes).
import os
base=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gradbook_kernel')
out=['// The Jupyter kernel\'s Python files, which `gradbook jupyter install` writes beside its kernel.json.',
'// Generated from jupyter/gradbook_kernel/ (KernelFilesTests checks they are the same): edit those, then run',
'// python3 jupyter/embed.py.','','enum KernelFiles {','    /// File name → contents.','    static let files: [(name: String, text: String)] = [']
for name in ['__init__.py','__main__.py','kernel.py']:
    text=open(os.path.join(base,name)).read()
    assert '"""#' not in text
    out.append('        ("%s", #"""' % name)
    out.append(text.rstrip('\n'))
    out.append('"""#),')
out += ['    ]','}','']
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'Sources', 'gradbook', 'KernelFiles.swift'),'w').write('\n'.join(out))
